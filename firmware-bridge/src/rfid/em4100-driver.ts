import { CardReaderDriver } from '../rfid-common/card-reader.ts';
import { leaveDetection } from '../rfid-common/presence.ts';
import type { ByteTransport } from '../transport/types.ts';
import { Em4100Decoder, type CardRead } from './em4100-codec.ts';

// Spelled out rather than aliased to rfid-common's CardPresenceEvent so editors show this name; tsc checks they match.
export type CardEvent =
  { type: 'card.presented'; uid: string; at: number } | { type: 'card.removed'; uid: string; at: number };

export interface Em4100DriverOptions {
  /**
   * The reader repeats its frame while the card is in the field. When no frame
   * of the card has arrived for this long, the card has left and the next
   * frame is a new presentation.
   */
  leaveAfterMs?: number;
}

/**
 * EM4100 serial reader: output only, so the driver just listens, decodes and
 * debounces: one `card.presented` per presentation, re-armed when the card
 * leaves the field.
 */
export class Em4100Driver extends CardReaderDriver<CardRead, CardEvent> {
  constructor(transport: ByteTransport, options: Em4100DriverOptions = {}) {
    super({
      transport,
      decoder: new Em4100Decoder(),
      frameBytes: (read) => Buffer.from(read.uid, 'ascii'),
      presence: leaveDetection(options.leaveAfterMs ?? 400),
    });
  }
}
