import { err, ok } from '@yaofang/shared';
import type { Db } from '../store/database.ts';
import type { CommandHandlers } from './handlers.ts';

/**
 * Mark every outbox row from `fromSeq` on as unsent, so the uplink sends it
 * again. The rows keep their id and exact bytes, so the central side dedups
 * what it already applied. Returns how many rows were marked.
 */
export function markUnsentFrom(db: Db, fromSeq: number): number {
  if (!Number.isInteger(fromSeq) || fromSeq < 1) {
    throw new RangeError(`markUnsentFrom: fromSeq must be an integer ≥ 1, got ${fromSeq}`);
  }
  return db.prepare('UPDATE outbox SET sent_at = NULL WHERE seq >= ?').run(fromSeq).changes;
}

/**
 * The `outbox.resend` handler. `afterMarked` must make the uplink page from
 * `fromSeq` again (a live connection only pages forward from what it already
 * queued; a reconnect starts over).
 */
export function outboxResendHandler(deps: {
  db: Db;
  afterMarked: (fromSeq: number) => void;
}): CommandHandlers['outbox.resend'] {
  return ({ fromSeq }) => {
    const lastSeq =
      deps.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox').get()?.seq ?? 0;
    if (fromSeq > lastSeq) {
      return Promise.resolve(
        err(`fromSeq ${fromSeq} is after the last event of this station (seq ${lastSeq}); nothing to resend`),
      );
    }
    const marked = markUnsentFrom(deps.db, fromSeq);
    deps.afterMarked(fromSeq);
    return Promise.resolve(ok({ fromSeq, markedUnsent: marked, lastSeq }));
  };
}
