import { cardKey, maskIdNumber, type AgentToKiosk, type Disposer } from '@yaofang/shared';
import type { Logger } from 'pino';
import { hitFailpoint } from '../failpoints.ts';
import type { Db } from '../store/database.ts';
import type { Outbox } from '../store/outbox.ts';
import { writeWithRoom } from '../store/capacity.ts';
import type { CardReaderHandle, IdCardReaderHandle } from './device-handles.ts';

export interface CardPresentationDeps {
  readers: readonly CardReaderHandle[];
  districtKey: Buffer;
  db: Db;
  outbox: Outbox;
  /** The uplink's `kick`. */
  onEventWritten: () => void;
  /** The local API's `broadcast` to the kiosk. */
  broadcast: (message: AgentToKiosk) => void;
  /** Every presentation's cardKey, after its event (on a waste station: the waste flow signs in). */
  onCardKey?: (cardKey: string, reader: string) => void;
  log: Logger;
}

/**
 * Every card presentation, from any reader kind, becomes a durable
 * `card.presented` event (the uid only as its keyed hash) and a `card.seen`
 * message to the kiosk, then goes to `onCardKey` (the flows).
 */
export function recordCardPresentations(deps: CardPresentationDeps): Disposer {
  const { db, outbox, log } = deps;
  const disposers = deps.readers.map((reader) =>
    reader.onCard((event) => {
      if (event.type !== 'card.presented') return;
      const key = cardKey(deps.districtKey, event.uid);
      const written = writeWithRoom(db, () =>
        outbox.appendNow('card.presented', { cardKey: key, reader: reader.id }),
      );
      if (!written.ok) {
        log.error({ reader: reader.id, reason: written.error.message }, 'card presentation not recorded');
        // The flows still hear of it: a session can start; a drop that finds no room is refused there.
        deps.onCardKey?.(key, reader.id);
        return;
      }
      const envelope = written.value;
      hitFailpoint('after-outbox-commit');
      log.info({ seq: envelope.seq, reader: reader.id }, 'card presented');
      deps.onEventWritten();
      deps.broadcast({
        type: 'card.seen',
        card: { cardRef: key.slice(0, 8), reader: reader.id, seq: envelope.seq, at: envelope.ts },
      });
      deps.onCardKey?.(key, reader.id);
    }),
  );
  return () => disposers.forEach((dispose) => dispose());
}

/**
 * Until the hall flows take ID card reads over, a read is only noted in the
 * log, masked. The identity itself is neither stored nor sent anywhere.
 */
export function noteIdCardReads(reader: IdCardReaderHandle, log: Logger): Disposer {
  return reader.onEvent((event) => {
    switch (event.type) {
      case 'idcard.read':
        log.info(
          { reader: reader.id, cardType: event.cardType, idNumberMasked: maskIdNumber(event.idNumber) },
          'ID card read (identity kept in memory only; not stored or sent)',
        );
        return;
      case 'idcard.fault':
        log.warn(
          { reader: reader.id, code: event.fault.code, reason: event.fault.message },
          'ID card not read',
        );
        return;
    }
  });
}
