import type { SimReply } from '../device.ts';
import { ReaderSimulator } from '../rfid-common/reader-simulator.ts';
import { lineNoiseCommands, runControlLine, writeReply } from '../sim/control-commands.ts';
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
export class WiegandSimulator extends ReaderSimulator {
  private linesSent = 0;
  private lastCard: (Wiegand26Card & { uid: string }) | null = null;

  constructor(
    transport: ByteTransport,
    readonly format: WiegandFormat = 'hex6',
  ) {
    super(transport);
  }

  /** A card with this facility code and number is read. Throws RangeError when out of range. */
  async present(card: Wiegand26Card): Promise<SimReply> {
    const line = encodeWiegandLine(card, this.format); // validates first
    const uid = wiegandUid(card);
    this.lastCard = { uid, facility: card.facility, card: card.card };
    if (this.silent) return { ok: true, message: `card ${uid} read (silent: nothing sent)` };
    const reply = await writeReply(
      this.transport,
      line,
      `card ${uid} (facility ${card.facility}, card ${card.card}) sent`,
    );
    if (reply.ok) this.linesSent++;
    return reply;
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

  /** Sent even while `silent`, unlike a card read. */
  async sendGarbage(bytes: Uint8Array = GARBAGE): Promise<SimReply> {
    return writeReply(this.transport, bytes, 'garbage sent');
  }

  async control(line: string): Promise<SimReply> {
    return runControlLine(
      line,
      {
        present: (args) => {
          const [facility, card] = args.map(Number);
          if (args.length !== 2 || facility === undefined || card === undefined) {
            return { ok: false, error: 'usage: present <facility 0–255> <card 0–65535>' };
          }
          return this.present({ facility, card });
        },
        'present-uid': ([uid]) => this.presentUid(uid ?? ''),
        'present-word': ([text = '']) => {
          if (!/^(0x)?[0-9A-Fa-f]{1,7}$/.test(text))
            return { ok: false, error: 'usage: present-word <hex, e.g. 2F623AE>' };
          return this.presentWord(parseInt(text.replace(/^0x/, ''), 16));
        },
        ...lineNoiseCommands(this),
      },
      COMMANDS,
    );
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
