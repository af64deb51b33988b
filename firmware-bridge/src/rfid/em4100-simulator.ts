import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeEm4100 } from './em4100-codec.ts';

export interface Em4100SimulatorOptions {
  /** How often the reader repeats the frame while a card is in the field. */
  repeatMs?: number;
  /** How long `tap()` keeps the card in the field. */
  tapMs?: number;
}

const COMMANDS = 'present <uid10hex> | remove | tap <uid10hex> | garbage | silent on|off | state';

/**
 * The reader's side: while a card is in the field it repeats the card's
 * 14-byte frame, like an RDM6300 does.
 */
export class Em4100Simulator implements Simulator {
  private cardUid: string | null = null;
  private repeatTimer: NodeJS.Timeout | null = null;
  private tapTimer: NodeJS.Timeout | null = null;
  private silent = false;
  private framesSent = 0;
  private readonly repeatMs: number;
  private readonly tapMs: number;

  constructor(
    private readonly transport: ByteTransport,
    options: Em4100SimulatorOptions = {},
  ) {
    this.repeatMs = options.repeatMs ?? 100;
    this.tapMs = options.tapMs ?? 350;
  }

  start(): void {
    this.transport.start();
  }

  async stop(): Promise<void> {
    this.remove();
    await this.transport.stop();
  }

  /** Put a card in the field until `remove()`. */
  present(uid: string): void {
    const frame = encodeEm4100(uid); // validates before any state changes
    this.remove();
    this.cardUid = uid.toUpperCase();
    const send = () => {
      if (this.silent) return;
      this.framesSent++;
      this.transport.write(frame).catch(() => undefined); // a reader on an unplugged cable just talks to nobody
    };
    send();
    this.repeatTimer = setInterval(send, this.repeatMs);
  }

  remove(): void {
    if (this.repeatTimer) clearInterval(this.repeatTimer);
    if (this.tapTimer) clearTimeout(this.tapTimer);
    this.repeatTimer = null;
    this.tapTimer = null;
    this.cardUid = null;
  }

  /** Present a card briefly, as a resident tapping it does. */
  tap(uid: string): void {
    this.present(uid);
    this.tapTimer = setTimeout(() => this.remove(), this.tapMs);
  }

  async sendGarbage(bytes: Uint8Array = Uint8Array.from([0x30, 0xff, 0x03, 0x41])): Promise<void> {
    await this.transport.write(bytes);
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  async control(line: string): Promise<SimReply> {
    const [command, arg] = line.trim().split(/\s+/);
    try {
      switch (command) {
        case 'present':
          this.present(arg ?? '');
          return { ok: true, message: `card ${this.cardUid} in the field` };
        case 'tap':
          this.tap(arg ?? '');
          return { ok: true, message: `card ${this.cardUid} tapped` };
        case 'remove':
          this.remove();
          return { ok: true, message: 'field empty' };
        case 'garbage':
          await this.sendGarbage();
          return { ok: true, message: 'garbage sent' };
        case 'silent':
          this.setSilent(arg === 'on');
          return { ok: true, message: `silent ${this.silent ? 'on' : 'off'}` };
        case 'state':
          return { ok: true, message: JSON.stringify(this.snapshot()) };
        default:
          return { ok: false, error: `unknown command ${JSON.stringify(command)}; known: ${COMMANDS}` };
      }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  snapshot(): Record<string, unknown> {
    return { device: 'rfid-em4100', cardUid: this.cardUid, silent: this.silent, framesSent: this.framesSent };
  }
}
