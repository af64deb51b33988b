import { GENESIS_HASH, envelopeHash, eventEnvelopeSchema, type EventEnvelope } from '@yaofang/shared';
import type { AckResult, AckStatus } from '@yaofang/shared/sync';
import type { CentralDb } from './ledger-store.ts';

/** What the business rules (per event type) decided about one event. */
export type EventVerdict =
  | { status: 'applied' }
  | { status: 'rejected'; reason: string }
  | { status: 'adjusted'; reason?: string; data: Record<string, unknown> };
export type Decide = (envelope: EventEnvelope) => EventVerdict;

export interface AppliedEvent {
  envelope: EventEnvelope;
  result: AckResult;
}

export type ApplyOutcome =
  | {
      kind: 'applied';
      events: AppliedEvent[];
      /** Set when an event waiting behind the gap failed the chain check and was dropped. */
      rejectedAhead: string | null;
    }
  /** `result` is null while the first copy still waits behind a gap. */
  | { kind: 'duplicate'; seq: number; result: AckResult | null }
  | { kind: 'buffered'; seq: number; expected: number }
  | { kind: 'rejected'; reason: string };

interface EventRow {
  seq: number;
  id: string;
  payload: string;
  status: AckStatus;
  reason: string | null;
  data: string | null;
}

const acceptAll: Decide = () => ({ status: 'applied' });

/**
 * What the central platform keeps per station, durably: events applied once
 * each, in `seq` order, with the hash chain verified. Events that arrive
 * ahead of a gap wait (also durably); a repeated id is a duplicate, not a new
 * fact. Every applied event carries its verdict, which goes back in the ack.
 */
export class StationLedger {
  duplicates = 0;
  private lastSeqValue = 0;
  private lastHash = GENESIS_HASH;
  private ackedThroughValue = 0;
  private readonly stmt;

  constructor(
    private readonly db: CentralDb,
    readonly station: string,
  ) {
    const columns = 'seq, id, payload, status, reason, data';
    this.stmt = {
      state: db.prepare<[string], { last_seq: number; last_hash: string; acked_through: number }>(
        'SELECT last_seq, last_hash, acked_through FROM stations WHERE station = ?',
      ),
      saveState: db.prepare(
        `INSERT INTO stations (station, last_seq, last_hash) VALUES (?, ?, ?)
         ON CONFLICT (station) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash`,
      ),
      saveAcked: db.prepare('UPDATE stations SET acked_through = max(acked_through, ?) WHERE station = ?'),
      bySeq: db.prepare<[string, number], EventRow>(
        `SELECT ${columns} FROM applied_events WHERE station = ? AND seq = ?`,
      ),
      idSeen: db.prepare<[string, string, string, string], { seq: number }>(
        'SELECT seq FROM applied_events WHERE station = ? AND id = ? UNION SELECT seq FROM ahead_events WHERE station = ? AND id = ?',
      ),
      after: db.prepare<[string, number], EventRow>(
        `SELECT ${columns} FROM applied_events WHERE station = ? AND seq > ? ORDER BY seq`,
      ),
      insert: db.prepare(
        `INSERT INTO applied_events (station, seq, id, type, payload, status, reason, data, applied_at)
         VALUES (@station, @seq, @id, @type, @payload, @status, @reason, @data, @appliedAt)`,
      ),
      ahead: db.prepare<[string, number], { id: string; payload: string }>(
        'SELECT id, payload FROM ahead_events WHERE station = ? AND seq = ?',
      ),
      insertAhead: db.prepare('INSERT INTO ahead_events (station, seq, id, payload) VALUES (?, ?, ?, ?)'),
      deleteAhead: db.prepare('DELETE FROM ahead_events WHERE station = ? AND seq = ?'),
    };
    this.load();
  }

  get lastSeq(): number {
    return this.lastSeqValue;
  }

  /** The highest seq an ack has been published for. */
  get ackedThrough(): number {
    return this.ackedThroughValue;
  }

  /** Every applied event's envelope, in seq order. */
  get applied(): EventEnvelope[] {
    return this.eventsAfter(0).map((event) => event.envelope);
  }

  eventsAfter(seq: number): AppliedEvent[] {
    return this.stmt.after.all(this.station, seq).map((row) => ({
      envelope: JSON.parse(row.payload) as EventEnvelope,
      result: toResult(row),
    }));
  }

  markAcked(upTo: number): void {
    this.stmt.saveAcked.run(upTo, this.station);
    this.ackedThroughValue = Math.max(this.ackedThroughValue, upTo);
  }

  apply(payload: string, decide: Decide = acceptAll): ApplyOutcome {
    let envelope: EventEnvelope;
    try {
      const parsed = eventEnvelopeSchema.safeParse(JSON.parse(payload));
      if (!parsed.success)
        return { kind: 'rejected', reason: `not a v1 envelope: ${parsed.error.issues[0]?.message}` };
      envelope = parsed.data;
    } catch {
      return { kind: 'rejected', reason: 'payload is not JSON' };
    }
    if (envelope.station !== this.station) {
      return {
        kind: 'rejected',
        reason: `envelope names station ${envelope.station} but came on ${this.station}'s topic`,
      };
    }
    try {
      return this.db.transaction(() => this.applyInTransaction(envelope, payload, decide))();
    } catch (error) {
      this.load(); // the transaction rolled back: so does our view of it
      throw error;
    }
  }

  private applyInTransaction(envelope: EventEnvelope, payload: string, decide: Decide): ApplyOutcome {
    const { seq, id } = envelope;
    const known = seq <= this.lastSeqValue ? this.stmt.bySeq.get(this.station, seq) : undefined;
    const waiting = known ? undefined : this.stmt.ahead.get(this.station, seq);
    const holder = known?.id ?? waiting?.id;
    if (holder !== undefined) {
      if (holder !== id)
        return { kind: 'rejected', reason: `seq ${seq} already holds event ${holder}, not ${id}` };
      this.duplicates++;
      return { kind: 'duplicate', seq, result: known ? toResult(known) : null };
    }
    if (this.stmt.idSeen.get(this.station, id, this.station, id))
      return { kind: 'rejected', reason: `id ${id} reused at a new seq ${seq}` };
    if (seq > this.lastSeqValue + 1) {
      this.stmt.insertAhead.run(this.station, seq, id, payload);
      return { kind: 'buffered', seq, expected: this.lastSeqValue + 1 };
    }

    const events: AppliedEvent[] = [];
    let rejectedAhead: string | null = null;
    let next: { envelope: EventEnvelope; payload: string } | null = { envelope, payload };
    while (next) {
      if (next.envelope.prev !== this.lastHash) {
        const reason = `hash chain broken at seq ${next.envelope.seq}: prev ${next.envelope.prev.slice(0, 12)}… does not match the hash of seq ${this.lastSeqValue}`;
        if (events.length === 0) return { kind: 'rejected', reason };
        this.stmt.deleteAhead.run(this.station, next.envelope.seq);
        rejectedAhead = reason;
        break;
      }
      const verdict = decide(next.envelope);
      const result: AckResult = {
        id: next.envelope.id,
        seq: next.envelope.seq,
        status: verdict.status,
        ...('reason' in verdict && verdict.reason !== undefined ? { reason: verdict.reason } : {}),
        ...('data' in verdict ? { data: verdict.data } : {}),
      };
      this.stmt.insert.run({
        station: this.station,
        seq: result.seq,
        id: result.id,
        type: next.envelope.type,
        payload: next.payload,
        status: result.status,
        reason: result.reason ?? null,
        data: result.data ? JSON.stringify(result.data) : null,
        appliedAt: Date.now(),
      });
      this.stmt.deleteAhead.run(this.station, result.seq);
      this.lastSeqValue = result.seq;
      this.lastHash = envelopeHash(next.payload);
      events.push({ envelope: next.envelope, result });
      next = this.nextWaiting();
    }
    this.stmt.saveState.run(this.station, this.lastSeqValue, this.lastHash);
    return { kind: 'applied', events, rejectedAhead };
  }

  private nextWaiting(): { envelope: EventEnvelope; payload: string } | null {
    const row = this.stmt.ahead.get(this.station, this.lastSeqValue + 1);
    if (!row) return null;
    // It was schema-checked when it was buffered.
    return { envelope: JSON.parse(row.payload) as EventEnvelope, payload: row.payload };
  }

  private load(): void {
    const row = this.stmt.state.get(this.station);
    this.lastSeqValue = row?.last_seq ?? 0;
    this.lastHash = row?.last_hash ?? GENESIS_HASH;
    this.ackedThroughValue = row?.acked_through ?? 0;
  }
}

function toResult(row: EventRow): AckResult {
  return {
    id: row.id,
    seq: row.seq,
    status: row.status,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.data !== null ? { data: JSON.parse(row.data) as Record<string, unknown> } : {}),
  };
}
