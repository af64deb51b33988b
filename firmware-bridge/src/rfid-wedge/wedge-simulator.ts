import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeTypedReports, encodeWedgeCard } from './wedge-codec.ts';
import type { WedgeFormat } from './wedge-format.ts';

const COMMANDS = 'present <uid> | type <text> | garbage | silent on|off | state';

/** A key-down of an unknown key (F1) and a misaligned half report: no card in it. */
const GARBAGE = Uint8Array.from([0, 0, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x42, 0x43]);

/**
 * The reader's side: writes the input reports a keyboard-wedge reader sends
 * for a card. Over a real HID device this is the reader itself; over a pty or
 * memory link it feeds the same bytes to `WedgeDriver` (the decoder realigns
 * on 8-byte reports).
 */
export class WedgeSimulator implements Simulator {
  private silent = false;
  private cardsSent = 0;
  private lastUid: string | null = null;

  constructor(
    private readonly transport: ByteTransport,
    readonly format: WedgeFormat = 'decimal',
  ) {}

  start(): void {
    this.transport.start();
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }

  /** Type one card's number and Enter; resolves `ok: false` when the link is down. */
  async present(uid: string): Promise<SimReply> {
    const reports = encodeWedgeCard(uid, this.format); // validates first
    this.lastUid = uid.toUpperCase();
    const reply = await this.send(reports, `card ${this.lastUid} typed`);
    if (reply.ok && !this.silent) this.cardsSent++;
    return reply;
  }

  /** Type arbitrary card text (what a misconfigured reader would send) and Enter. */
  async type(text: string): Promise<SimReply> {
    return this.send(encodeTypedReports(text), `typed ${JSON.stringify(text)}`);
  }

  async sendGarbage(bytes: Uint8Array = GARBAGE): Promise<SimReply> {
    return this.send(bytes, 'garbage sent');
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  async control(line: string): Promise<SimReply> {
    const [command, arg] = line.trim().split(/\s+/);
    try {
      switch (command) {
        case 'present':
          return await this.present(arg ?? '');
        case 'type':
          return await this.type(arg ?? '');
        case 'garbage':
          return await this.sendGarbage();
        case 'silent':
          if (arg !== 'on' && arg !== 'off') return { ok: false, error: 'usage: silent on|off' };
          this.setSilent(arg === 'on');
          return { ok: true, message: `silent ${arg}` };
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
    return {
      device: 'rfid-wedge',
      format: this.format,
      silent: this.silent,
      cardsSent: this.cardsSent,
      lastUid: this.lastUid,
      link: this.transport.health().state,
    };
  }

  private async send(bytes: Uint8Array, message: string): Promise<SimReply> {
    if (this.silent) return { ok: true, message: `${message} (silent: nothing sent)` };
    try {
      await this.transport.write(bytes);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    return { ok: true, message };
  }
}
