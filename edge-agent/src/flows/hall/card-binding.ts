import { uuidv7 } from '@yaofang/shared';
import type { Logger } from 'pino';
import type { HallStore } from './hall-store.ts';
import type { HallSync } from './ports.ts';
import type { HallSession } from './session.ts';

export interface CardBindingDeps {
  store: HallStore;
  sync: HallSync;
  now: () => number;
  onEventWritten: () => void;
  log: Logger;
}

/**
 * Binding an RFID card to the resident signed in with the ID card:
 * waiting-card → (tap) pending, with a durable `card.bind.requested` →
 * confirmed once the central's synced cards hold it for this resident, or
 * rejected when the central's ack refuses the request.
 */
export class CardBinder {
  constructor(private readonly deps: CardBindingDeps) {}

  start(s: HallSession): void {
    // Only an ID card proves who is binding; an RFID session cannot bind another card.
    s.binding = {
      state: s.resident.signedInWith === 'idcard' ? 'waiting-card' : 'idle',
      opId: null,
      cardKey: null,
    };
  }

  tap(s: HallSession, cardKey: string): void {
    const { store, sync, now, log } = this.deps;
    if (sync.cardBinding(cardKey)) {
      s.binding = { state: 'idle', opId: null, cardKey: null };
      s.notice = { code: 'card-already-bound' };
      return;
    }
    const opId = uuidv7(now());
    try {
      store.recordBindRequest(opId, s.residentKey, cardKey, now());
    } catch (error) {
      log.error({ err: error }, 'binding request not recorded');
      s.notice = { code: 'storage-full' };
      return;
    }
    this.deps.onEventWritten();
    s.binding = { state: 'pending', opId, cardKey };
    s.notice = { code: 'bind-pending' };
  }

  /** A pending binding the central has decided since; true when it changed. */
  check(s: HallSession): boolean {
    const { opId, cardKey, state } = s.binding;
    if (state !== 'pending' || !opId || !cardKey) return false;
    const bound = this.deps.sync.cardBinding(cardKey);
    const outcome =
      bound?.residentKey === s.residentKey
        ? 'confirmed'
        : this.deps.store.bindRequestRejected(opId)
          ? 'rejected'
          : null;
    if (!outcome) return false;
    this.deps.store.setBindStatus(opId, outcome);
    s.binding.state = outcome;
    s.notice = { code: outcome === 'confirmed' ? 'bind-confirmed' : 'bind-rejected' };
    return true;
  }
}
