import type { SimReply } from '../device.ts';
import { ReaderSimulator } from '../rfid-common/reader-simulator.ts';
import { lineNoiseCommands, runControlLine, writeReply } from '../sim/control-commands.ts';
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
export class WedgeSimulator extends ReaderSimulator {
  private cardsSent = 0;
  private lastUid: string | null = null;

  constructor(
    transport: ByteTransport,
    readonly format: WedgeFormat = 'decimal',
  ) {
    super(transport);
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

  async control(line: string): Promise<SimReply> {
    return runControlLine(
      line,
      {
        present: ([uid]) => this.present(uid ?? ''),
        type: ([text]) => this.type(text ?? ''),
        ...lineNoiseCommands(this),
      },
      COMMANDS,
    );
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
    return writeReply(this.transport, bytes, message);
  }
}
