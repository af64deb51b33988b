import {
  GENESIS_HASH,
  envelopeHash,
  serialiseEnvelope,
  topics,
  uuidv7,
  type EventEnvelope,
} from '@yaofang/shared';
import type { Db } from './database.ts';
import { KeyValue } from './kv.ts';

/** How precious an event is when the backlog must be capped (ARCHITECTURE.md "Store"). */
export type EventClass = 'ledger' | 'event' | 'droppable';

export interface OutboxRow {
  seq: number;
  id: string;
  type: string;
  payload: string;
}

/**
 * The durable queue of events for the central platform. `append` assigns the
 * next gapless `seq` and the hash chain inside the caller's transaction, so a
 * business fact and its event commit together or not at all.
 */
export class Outbox {
  private readonly kv: KeyValue;
  private readonly insert;
  private readonly unsentAfter;
  private readonly markSentStmt;
  private readonly countUnsent;

  constructor(
    private readonly db: Db,
    private readonly stationId: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.kv = new KeyValue(db);
    this.insert = db.prepare(
      'INSERT INTO outbox (seq, id, type, payload, created_at, class) VALUES (@seq, @id, @type, @payload, @createdAt, @eventClass)',
    );
    this.unsentAfter = db.prepare<[number, number], OutboxRow>(
      'SELECT seq, id, type, payload FROM outbox WHERE seq > ? AND sent_at IS NULL ORDER BY seq LIMIT ?',
    );
    this.markSentStmt = db.prepare('UPDATE outbox SET sent_at = ? WHERE seq = ? AND sent_at IS NULL');
    this.countUnsent = db.prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL',
    );
  }

  /** Must run inside a transaction (use `db.transaction`); returns the envelope written. */
  append(type: string, data: Record<string, unknown>, eventClass: EventClass = 'event'): EventEnvelope {
    if (!this.db.inTransaction) throw new Error('Outbox.append must run inside the business transaction');
    const seq = this.kv.getNumber('outbox.lastSeq', 0) + 1;
    const prev = this.kv.get('outbox.lastHash') ?? GENESIS_HASH;
    const now = this.clock();
    const envelope: EventEnvelope = {
      v: 1,
      id: uuidv7(now),
      station: this.stationId,
      seq,
      prev,
      ts: new Date(now).toISOString(),
      type,
      data,
    };
    const payload = serialiseEnvelope(envelope);
    this.insert.run({ seq, id: envelope.id, type, payload, createdAt: now, eventClass });
    this.kv.set('outbox.lastSeq', String(seq));
    this.kv.set('outbox.lastHash', envelopeHash(payload));
    return envelope;
  }

  /** Write one event in its own transaction (for events with no other business fact). */
  appendNow(type: string, data: Record<string, unknown>, eventClass: EventClass = 'event'): EventEnvelope {
    return this.db.transaction(() => this.append(type, data, eventClass))();
  }

  /** The next unsent rows after `seq`, in order, at most `limit`: the uplink pages through, never loads all. */
  nextUnsent(afterSeq: number, limit: number): OutboxRow[] {
    return this.unsentAfter.all(afterSeq, limit);
  }

  topicOf(row: OutboxRow): string {
    return topics.event(this.stationId, row.type);
  }

  markSent(seqs: readonly number[]): void {
    if (seqs.length === 0) return;
    const now = this.clock();
    this.db.transaction(() => {
      for (const seq of seqs) this.markSentStmt.run(now, seq);
    })();
  }

  /** Delete rows the central platform confirmed before `cutoff` (epoch ms); returns how many. */
  pruneConfirmed(cutoff: number): number {
    return this.db.prepare('DELETE FROM outbox WHERE acked_at IS NOT NULL AND acked_at < ?').run(cutoff)
      .changes;
  }

  backlog(): number {
    return this.countUnsent.get()!.n;
  }

  lastSeq(): number {
    return this.kv.getNumber('outbox.lastSeq', 0);
  }
}
