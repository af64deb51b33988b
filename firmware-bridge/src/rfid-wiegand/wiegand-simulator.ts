import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeWiegandLine, type WiegandFormat } from './wiegand-codec.ts';
import { decodeWiegand26, parseWiegandUid, wiegandUid, type Wiegand26Card } from './wiegand26.ts';

const COMMANDS =
  'present <facility> <card> | present-uid <hex6> | present-word <26-bit word in hex> | garbage | silent on|off | state';

/** Not a line in either format: letters, a control byte, then a line end so it is reported at once. */
const GARBAGE = Uint8Array.from([0x5a, 0x3f, 0x7f, 0x47, 0x0d, 0x0a]);

/**
 * The converter's side: for each card read it prints one line, as the
 * converter does after checking the Wiegand parity. `silent` models a
 * converter with no reader attached: reads go nowhere.
 */
export class WiegandSimulator implements Simulator {
  private silent = false;
  private linesSent = 0;
  private lastCard: (Wiegand26Card & { uid: string }) | null = null;

  constructor(
    private readonly transport: ByteTransport,
    readonly format: WiegandFormat = 'hex6',
  ) {}

  start(): void {
    this.transport.start();
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }

  /** A card with this facility code and number is read. Throws RangeError when out of range. */
  async present(card: Wiegand26Card): Promise<SimReply> {
    const line = encodeWiegandLine(card, this.format); // validates first
    const uid = wiegandUid(card);
    this.lastCard = { uid, facility: card.facility, card: card.card };
    if (this.silent) return { ok: true, message: `card ${uid} read (silent: nothing sent)` };
    try {
      await this.transport.write(line);
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    this.linesSent++;
    return { ok: true, message: `card ${uid} (facility ${card.facility}, card ${card.card}) sent` };
  }

  async presentUid(uid: string): Promise<SimReply> {
    const card = parseWiegandUid(uid);
    if (!card) return { ok: false, error: `uid must be 6 hex characters, got ${JSON.stringify(uid)}` };
    return this.present(card);
  }

  /** The raw 26 bits from the reader: the converter prints nothing when a parity bit is wrong. */
  async presentWord(word: number): Promise<SimReply> {
    const result = decodeWiegand26(word);
    if (!result.ok) return { ok: true, message: `${result.error.message}: the converter drops the read` };
    return this.present(result.value);
  }

  async sendGarbage(bytes: Uint8Array = GARBAGE): Promise<SimReply> {
    try {
      await this.transport.write(bytes);
      return { ok: true, message: 'garbage sent' };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  async control(line: string): Promise<SimReply> {
    const [command, ...args] = line.trim().split(/\s+/);
    try {
      switch (command) {
        case 'present': {
          const [facility, card] = args.map(Number);
          if (args.length !== 2 || facility === undefined || card === undefined) {
            return { ok: false, error: 'usage: present <facility 0–255> <card 0–65535>' };
          }
          return await this.present({ facility, card });
        }
        case 'present-uid':
          return await this.presentUid(args[0] ?? '');
        case 'present-word': {
          const text = args[0] ?? '';
          if (!/^(0x)?[0-9A-Fa-f]{1,7}$/.test(text))
            return { ok: false, error: 'usage: present-word <hex, e.g. 2F623AE>' };
          return await this.presentWord(parseInt(text.replace(/^0x/, ''), 16));
        }
        case 'garbage':
          return await this.sendGarbage();
        case 'silent':
          if (args[0] !== 'on' && args[0] !== 'off') return { ok: false, error: 'usage: silent on|off' };
          this.setSilent(args[0] === 'on');
          return { ok: true, message: `silent ${args[0]}` };
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
      device: 'rfid-wiegand',
      format: this.format,
      silent: this.silent,
      linesSent: this.linesSent,
      lastCard: this.lastCard,
      link: this.transport.health().state,
    };
  }
}
