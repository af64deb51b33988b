import type { Disposer } from '@yaofang/shared/result';
import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { BinControllerModel, type BinSimOptions } from './bin-sim-model.ts';
import { encodeResponse } from './modbus-frames.ts';
import { ModbusRequestDecoder } from './modbus-stream.ts';

const COMMANDS =
  'open <i> | close <i> | fill <i> <0-100> | temp <i> <0.1°C> | smoke <i> on|off | tamper [<i>] on|off | ' +
  'jam <i> on|off | autoclose <i> <s> | battery on|off | fault on|off | uptime <s> | ' +
  'silent on|off | corrupt on|off | garbage | state';

/**
 * Bytes a noisy RS-485 line might carry. None of them can start a response
 * (unit FF/AA is past 247, 55 and 00 are followed by no function code), so a
 * master must skip them, count an error and still read the next reply.
 */
export const LINE_GARBAGE = Uint8Array.from([0xff, 0xaa, 0x55, 0xff, 0x00, 0xfe]);

/**
 * The bin controller's side of the bus: register map v1 over Modbus RTU. Owns
 * its transport (`start()` starts it). Faults for tests: `silent` (no replies,
 * as with a dead RS-485 transmitter), `corrupt` (replies with a broken CRC)
 * and `sendGarbage()`.
 */
export class BinSimulator implements Simulator {
  readonly model: BinControllerModel;
  private readonly decoder = new ModbusRequestDecoder();
  private disposeData: Disposer | null = null;
  private silent = false;
  private corrupt = false;
  private requestsSeen = 0;
  private repliesSent = 0;

  constructor(
    private readonly transport: ByteTransport,
    options: BinSimOptions = {},
  ) {
    this.model = new BinControllerModel(options);
  }

  start(): void {
    if (this.disposeData) return;
    this.model.restart();
    this.disposeData = this.transport.onData((chunk) => this.receive(chunk));
    this.transport.start();
  }

  async stop(): Promise<void> {
    this.disposeData?.();
    this.disposeData = null;
    this.model.dispose();
    this.decoder.reset();
    await this.transport.stop();
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  setCorrupt(corrupt: boolean): void {
    this.corrupt = corrupt;
  }

  async sendGarbage(bytes: Uint8Array = LINE_GARBAGE): Promise<void> {
    await this.transport.write(bytes);
  }

  async control(line: string): Promise<SimReply> {
    const words = line.trim().split(/\s+/);
    const [command = '', a, b] = words;
    try {
      switch (command) {
        case 'open':
        case 'close': {
          const index = int(a);
          const moved = command === 'open' ? this.model.openLid(index) : this.model.closeLid(index);
          return moved
            ? this.done(`lid ${index}: ${this.model.compartment(index).lid}`)
            : fail(`lid ${index} is jammed`);
        }
        case 'fill':
          this.model.setFill(int(a), int(b));
          return this.done(`compartment ${a} fill ${b}%`);
        case 'temp':
          this.model.setTemperature(int(a), int(b));
          return this.done(`compartment ${a} temperature ${int(b) / 10} °C`);
        case 'smoke':
          this.model.setSmoke(int(a), onOff(b));
          return this.done(`compartment ${a} smoke ${b}`);
        case 'tamper':
          if (b === undefined) this.model.setTamper(onOff(a));
          else this.model.setTamper(onOff(b), int(a));
          return this.done(`tamper ${b ?? a}`);
        case 'jam':
          this.model.setJam(int(a), onOff(b));
          return this.done(`lid ${a}: ${this.model.compartment(int(a)).lid}`);
        case 'autoclose':
          this.model.setAutoClose(int(a), int(b));
          return this.done(`compartment ${a} auto-close ${b} s`);
        case 'battery':
          this.model.setOnBattery(onOff(a));
          return this.done(`on battery ${a}`);
        case 'fault':
          this.model.setFault(onOff(a));
          return this.done(`fault ${a}`);
        case 'uptime':
          this.model.setUptimeSeconds(int(a));
          return this.done(`uptime ${a} s`);
        case 'silent':
          this.setSilent(onOff(a));
          return this.done(`silent ${a}`);
        case 'corrupt':
          this.setCorrupt(onOff(a));
          return this.done(`corrupt ${a}`);
        case 'garbage':
          await this.sendGarbage();
          return this.done('garbage sent');
        case 'state':
          return this.done(JSON.stringify(this.snapshot()));
        default:
          return fail(`unknown command ${JSON.stringify(command)}; known: ${COMMANDS}`);
      }
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }

  snapshot(): Record<string, unknown> {
    const compartments = Array.from({ length: this.model.compartmentCount }, (_, i) =>
      this.model.compartment(i),
    );
    return {
      device: 'bin-controller',
      unit: this.model.unit,
      status: this.model.statusRegister(),
      uptimeSeconds: this.model.uptimeSeconds(),
      compartments,
      silent: this.silent,
      corrupt: this.corrupt,
      requestsSeen: this.requestsSeen,
      repliesSent: this.repliesSent,
    };
  }

  private receive(chunk: Uint8Array): void {
    for (const message of this.decoder.push(chunk)) {
      if (message.type === 'error') {
        this.model.noteRs485Error();
        continue;
      }
      this.requestsSeen++;
      if (this.silent) continue;
      const reply = this.model.handle(message);
      if (!reply) continue;
      const bytes = encodeResponse(reply);
      if (this.corrupt) bytes[bytes.length - 1]! ^= 0xff;
      this.repliesSent++;
      // A controller on a cut cable talks to nobody; that is not the simulator's error.
      this.transport.write(bytes).catch(() => undefined);
    }
  }

  private done(message: string): SimReply {
    return { ok: true, message };
  }
}

function fail(error: string): SimReply {
  return { ok: false, error };
}

function int(text: string | undefined): number {
  if (text === undefined || !/^-?\d+$/.test(text))
    throw new RangeError(`expected an integer, got ${text ?? 'nothing'}`);
  return Number(text);
}

function onOff(text: string | undefined): boolean {
  if (text === 'on') return true;
  if (text === 'off') return false;
  throw new RangeError(`expected on|off, got ${text ?? 'nothing'}`);
}
