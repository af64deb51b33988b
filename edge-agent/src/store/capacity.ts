import { envelopeHash as hashOf, err, ok, type Result } from '@yaofang/shared';
import type { Db } from './database.ts';

/** Why a write was refused, in words the kiosk shows and a technician acts on. */
export interface StorageFull {
  code: 'storage-full';
  message: string;
}

/**
 * Caps the database at `maxBytes` with `max_page_count`, so a terminal
 * offline for weeks cannot fill its disk and corrupt something else. The cap
 * never shrinks below what is already stored.
 */
export function applyCapacity(db: Db, maxBytes: number): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const maxPages = Math.max(pageCount + 16, Math.floor(maxBytes / pageSize));
  db.pragma(`max_page_count = ${maxPages}`);
  // New transactions stop short of the hard cap: the pages above the soft
  // limit are kept for bookkeeping on rows already stored (sent marks, acks
  // and the central's results), so a full terminal can still drain.
  const reserve = Math.max(8, Math.ceil(maxPages * 0.01));
  softLimits.set(db, Math.max(pageCount, maxPages - reserve));
  return maxPages * pageSize;
}

/** Pages new transactions may use, per database (set by `applyCapacity`). */
const softLimits = new WeakMap<Db, number>();

/** True when new transactions would be refused: bookkeeping should free space, not take it. */
export function underPressure(db: Db): boolean {
  return overSoftLimit(db);
}

function overSoftLimit(db: Db): boolean {
  const limit = softLimits.get(db);
  if (limit === undefined) return false;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return pages - free >= limit;
}

/**
 * Run a bookkeeping write (sent marks, acks) that may use the reserve. If
 * even the reserve is gone it is skipped and logged by the caller: the row
 * simply stays unsent or unconfirmed and is handled again later.
 */
export function bookkeeping(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (isFull(error)) return false;
    throw error;
  }
}

function isFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'SQLITE_FULL';
}

/**
 * Frees space in the order ARCHITECTURE.md "Store" sets: rows the central
 * platform already confirmed go first (they are safe there), then unsent
 * droppable events are reduced to tombstones that keep their place in the
 * hash chain. Ledger events are never touched.
 */
export function makeRoom(db: Db): { confirmedDeleted: number; droppableTombstoned: number } {
  const confirmedDeleted = db.prepare('DELETE FROM outbox WHERE acked_at IS NOT NULL').run().changes;
  const rows = db
    .prepare<[], { seq: number; type: string; payload: string }>(
      `SELECT seq, type, payload FROM outbox
       WHERE class = 'droppable' AND sent_at IS NULL AND type <> 'outbox.dropped' ORDER BY seq LIMIT 10000`,
    )
    .all();
  const update = db.prepare("UPDATE outbox SET type = 'outbox.dropped', payload = ? WHERE seq = ?");
  for (const row of rows) update.run(tombstonePayload(row.payload), row.seq);
  return { confirmedDeleted, droppableTombstoned: rows.length };
}

/**
 * A dropped event keeps its envelope (id, seq, prev) so the sequence has no
 * gap, and carries the hash of the payload it replaces, so the central side
 * can continue the chain: the next event's `prev` is that hash.
 */
export function tombstonePayload(original: string): string {
  const envelope = JSON.parse(original) as Record<string, unknown>;
  return JSON.stringify({
    ...envelope,
    type: 'outbox.dropped',
    data: { originalType: envelope.type, originalHash: hashOf(original) },
  });
}

/**
 * Run a business write; if the database is full, make room once and retry.
 * When there is truly no room, refuse with a clear reason: nothing already
 * stored is lost or changed by the refusal.
 */
export function writeWithRoom<T>(db: Db, write: () => T): Result<T, StorageFull> {
  if (!overSoftLimit(db)) {
    try {
      return ok(write());
    } catch (error) {
      if (!isFull(error)) throw error;
    }
  }
  const freed = db.transaction(() => makeRoom(db))();
  // Room was made: try once more, even into the reserve, since tombstones free
  // space inside pages that the page count does not show.
  if (freed.confirmedDeleted + freed.droppableTombstoned > 0) {
    try {
      return ok(write());
    } catch (error) {
      if (!isFull(error)) throw error;
    }
  }
  return err({
    code: 'storage-full',
    message:
      'the terminal storage is full and unsent transactions fill it: new transactions are refused until the ' +
      'central platform is reachable again and confirms the backlog (check the network; a technician can export ' +
      'a backup with "yaofang-edge backup")',
  });
}
