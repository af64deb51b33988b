import { CardReaderDriver } from '../rfid-common/card-reader.ts';
import { debouncedPresence } from '../rfid-common/presence.ts';
import type { ByteTransport } from '../transport/types.ts';
import {
  encodeWiegandLine,
  WiegandDecoder,
  type WiegandCardRead,
  type WiegandFormat,
} from './wiegand-codec.ts';

export interface WiegandCardEvent {
  type: 'card.presented';
  /** The 24 data bits as 6 hex characters. */
  uid: string;
  facility: number;
  card: number;
  at: number;
}

export interface WiegandDriverOptions {
  format: WiegandFormat;
  /** The same uid again within this many ms (sliding) is the same presentation. */
  debounceMs?: number;
  /**
   * A line takes ~13 ms at 9600 baud. Part of a line followed by this much
   * silence is dropped and counted as an error, so it cannot prefix the next.
   */
  lineTimeoutMs?: number;
}

/**
 * Wiegand-26 serial converter: output only. Decodes lines and emits one
 * `card.presented` per presentation (readers that repeat a held card are
 * debounced). The converter cannot tell when a card leaves: no `card.removed`.
 */
export class WiegandDriver extends CardReaderDriver<WiegandCardRead, WiegandCardEvent> {
  constructor(transport: ByteTransport, options: WiegandDriverOptions) {
    const decoder = new WiegandDecoder(options.format);
    const lineTimeoutMs = options.lineTimeoutMs ?? 250;
    super({
      transport,
      decoder,
      // The health page shows the line as the converter sent it.
      frameBytes: (read) => encodeWiegandLine(read, options.format),
      presence: debouncedPresence(options.debounceMs ?? 1500, ({ uid, facility, card }: WiegandCardRead) => ({
        type: 'card.presented',
        uid,
        facility,
        card,
        at: Date.now(),
      })),
      partialFrame: {
        timeoutMs: lineTimeoutMs,
        pending: () => decoder.pending,
        reason: `line cut off: no line end within ${lineTimeoutMs} ms`,
      },
    });
  }
}
