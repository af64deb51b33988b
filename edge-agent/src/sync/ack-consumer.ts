import { topics, type Disposer } from '@yaofang/shared';
import { ackSchema, firstIssue, type Ack, type AckResult } from '@yaofang/shared/sync';
import type { Logger } from 'pino';
import type { Db } from '../store/database.ts';
import { bookkeeping, underPressure } from '../store/capacity.ts';
import type { MqttLink } from '../uplink/uplink.ts';

export interface AckConsumerDeps {
  db: Db;
  link: MqttLink;
  stationId: string;
  log: Logger;
  /** After each committed batch: the highest seq now acked and the results stored. */
  onAcked?: (acked: { upTo: number; results: AckResult[] }) => void;
  /** Called before an ack is applied (the agent flushes the uplink's pending "sent" marks). */
  beforeAck?: () => void;
}

/**
 * Takes the central platform's acks (`yf/v1/{station}/ack`) and records them
 * in the outbox: `acked_at` for every seq ≤ upTo, and each per-event verdict
 * in `result`. Acks that arrive together are written in one transaction.
 *
 * Only rows marked sent are confirmed. An ack for rows written but not yet
 * marked sent (their PUBACK is still on its way) waits briefly and is tried
 * again; an ack for seqs never written is forged or from another history of
 * this station id, and is ignored whole.
 */
/** How long and how often an ack waits for the sent marks of its rows. */
const ACK_RETRY_MS = 250;
const MAX_ACK_RETRIES = 20;

export class AckConsumer {
  private unsubscribe: Disposer | null = null;
  private pending: Ack[] = [];
  private flushScheduled = false;
  private readonly maxSeqStmt;
  private readonly lastWrittenStmt;
  /** Acks waiting for their rows' sent marks, with how often they were tried. */
  private deferred: Array<{ ack: Ack; tries: number }> = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly ackThroughStmt;
  private readonly resultStmt;
  private readonly deleteThroughStmt;
  private readonly rowStmt;

  constructor(private readonly deps: AckConsumerDeps) {
    const { db } = deps;
    // Only rows this station has actually handed to the broker can have been
    // applied: an ack reaching past them (forged, or for another life of this
    // station id) must not mark unsent rows confirmed, or they would never go.
    this.maxSeqStmt = db.prepare<[], { seq: number | null }>(
      'SELECT max(seq) AS seq FROM outbox WHERE sent_at IS NOT NULL',
    );
    this.lastWrittenStmt = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM outbox');
    this.ackThroughStmt = db.prepare(
      'UPDATE outbox SET acked_at = @now WHERE seq <= @upTo AND acked_at IS NULL AND sent_at IS NOT NULL',
    );
    this.resultStmt = db.prepare('UPDATE outbox SET result = ? WHERE seq = ? AND id = ?');
    // Under storage pressure confirmed rows go first (ARCHITECTURE.md "Store"): delete them at once.
    this.deleteThroughStmt = db.prepare('DELETE FROM outbox WHERE seq <= @upTo AND sent_at IS NOT NULL');
    this.rowStmt = db.prepare<[number], { id: string }>('SELECT id FROM outbox WHERE seq = ?');
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.deps.link.subscribe(topics.ack(this.deps.stationId), (_topic, payload) =>
      this.receive(payload),
    );
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.flush();
    this.deferred = [];
  }

  private receive(payload: Buffer): void {
    const { log, stationId } = this.deps;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      log.warn('ack ignored: not JSON');
      return;
    }
    const parsed = ackSchema.safeParse(json);
    if (!parsed.success) {
      log.warn({ problem: firstIssue(parsed.error) }, 'ack ignored: not a v1 ack');
      return;
    }
    if (parsed.data.station !== stationId) {
      log.warn({ station: parsed.data.station }, 'ack ignored: it is for another station');
      return;
    }
    this.pending.push(parsed.data);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    const waiting = this.deferred;
    this.deferred = [];
    const acks = [...waiting.map((d) => d.ack), ...this.pending];
    this.pending = [];
    if (acks.length === 0) return;
    const { db, log } = this.deps;
    // PUBACK marks are written in batches: record them before judging the ack.
    this.deps.beforeAck?.();
    const now = Date.now();
    const stored: AckResult[] = [];
    let upTo = 0;
    const tries = new Map(waiting.map((d) => [d.ack, d.tries]));
    const pressure = underPressure(db);
    if (pressure) log.warn('the store is near its cap: confirmed rows are deleted as their acks arrive');
    const recorded = bookkeeping(() =>
      db.transaction(() => {
        const lastSent = this.maxSeqStmt.get()?.seq ?? 0;
        const lastWritten = this.lastWrittenStmt.get()?.seq ?? 0;
        for (const ack of acks) {
          if (ack.upTo > lastWritten) {
            log.warn(
              { upTo: ack.upTo, lastSeq: lastWritten },
              `ack claims seqs ${lastWritten + 1}..${ack.upTo} that this station has not sent; ack ignored`,
            );
            continue;
          }
          if (ack.upTo > lastSent) {
            const tried = (tries.get(ack) ?? 0) + 1;
            if (tried <= MAX_ACK_RETRIES) this.deferred.push({ ack, tries: tried });
            else log.warn({ upTo: ack.upTo, lastSent }, 'ack dropped: its rows were never marked sent');
            continue;
          }
          this.ackThroughStmt.run({ now, upTo: ack.upTo });
          upTo = Math.max(upTo, ack.upTo);
          for (const result of ack.results) {
            if (this.storeResult(result, ack.upTo)) stored.push(result);
          }
        }
      })(),
    );
    if (!recorded) {
      // Not even the reserve had room (the store is at its hard cap): keep the
      // acks and try again; nothing was written, nothing is lost.
      log.error({ acks: acks.length }, 'acks not recorded yet: the store is full; retrying');
      this.deferred = acks.map((ack) => ({ ack, tries: tries.get(ack) ?? 0 }));
      stored.length = 0;
      upTo = 0;
    }
    if (this.deferred.length > 0 && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.flush();
      }, ACK_RETRY_MS);
    }
    log.debug({ upTo, results: stored.length }, 'acks recorded');
    this.deps.onAcked?.({ upTo, results: stored });
  }

  private storeResult(result: AckResult, through: number): boolean {
    const { log } = this.deps;
    if (result.seq > through) {
      log.warn(
        { seq: result.seq, upTo: through },
        'ack result ignored: its seq is beyond what the ack covers',
      );
      return false;
    }
    const { seq, id, status, reason, data } = result;
    const json = JSON.stringify({ status, ...(reason ? { reason } : {}), ...(data ? { data } : {}) });
    if (this.resultStmt.run(json, seq, id).changes === 1) return true;
    const row = this.rowStmt.get(seq);
    log.warn(
      { seq, id, storedId: row?.id ?? null },
      row
        ? 'ack result ignored: this station sent a different event at that seq'
        : 'ack result ignored: this station never sent that seq',
    );
    return false;
  }
}
