import { CardReaderDriver } from '../rfid-common/card-reader.ts';
import { debouncedPresence } from '../rfid-common/presence.ts';
import type { ByteTransport } from '../transport/types.ts';
import { WedgeDecoder, type WedgeCard } from './wedge-codec.ts';
import type { WedgeFormat } from './wedge-format.ts';

export interface WedgeCardEvent {
  type: 'card.presented';
  uid: string;
  /** What the reader typed, before the format mapping. */
  typed: string;
  at: number;
}

export interface WedgeDriverOptions {
  format: WedgeFormat;
  /** The same uid again within this many ms (sliding) is the same presentation. */
  debounceMs?: number;
  /**
   * A reader types a whole card within a few tens of ms. Half a card followed
   * by this much silence is dropped (and counted as an error) so it cannot
   * prefix the next card.
   */
  interKeyTimeoutMs?: number;
}

/**
 * Keyboard-wedge reader: output only. Listens to input reports, decodes the
 * typed card number and emits one `card.presented` per presentation. The
 * reader cannot tell us when a card leaves, so there is no `card.removed`.
 */
export class WedgeDriver extends CardReaderDriver<WedgeCard, WedgeCardEvent> {
  constructor(transport: ByteTransport, options: WedgeDriverOptions) {
    const decoder = new WedgeDecoder(options.format);
    const interKeyTimeoutMs = options.interKeyTimeoutMs ?? 500;
    super({
      transport,
      decoder,
      frameBytes: (read) => Buffer.from(read.typed, 'ascii'),
      presence: debouncedPresence(options.debounceMs ?? 1500, ({ uid, typed }: WedgeCard) => ({
        type: 'card.presented',
        uid,
        typed,
        at: Date.now(),
      })),
      partialFrame: {
        timeoutMs: interKeyTimeoutMs,
        pending: () => decoder.pending,
        reason: `card number cut off: no Enter within ${interKeyTimeoutMs} ms`,
      },
    });
  }
}
