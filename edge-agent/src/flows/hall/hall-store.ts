import type { HistoryEntry } from '@yaofang/shared';
import { timebankAnswerSchema, type ServiceType, type TimebankEventType } from '@yaofang/shared/timebank';
import type { OfflineQuotaState } from '../timebank/offline-quota.ts';
import type { Db } from '../../store/database.ts';
import { KeyValue } from '../../store/kv.ts';
import type { Outbox } from '../../store/outbox.ts';

/**
 * The hall's tables (migration 4): time-bank operations with the central's
 * answers, open volunteer services, card binding requests and the queue
 * counters. A fact and its outbox row always commit in one transaction.
 * Residents appear only as residentKey; cards only as cardKey.
 */

export type OperationKind = 'deposit' | 'withdraw' | 'donate' | 'transfer';
export type OperationStatus = 'pending' | 'accepted' | 'rejected';

export interface StoredOperation {
  opId: string;
  kind: OperationKind;
  minutes: number;
  status: OperationStatus;
  reason: string | null;
}

export interface OpenService {
  serviceId: string;
  volunteerKey: string;
  recipientKey: string;
  serviceType: ServiceType;
  startedAt: number;
}

export interface NewOperation {
  type: TimebankEventType;
  kind: OperationKind;
  data: Record<string, unknown> & { opId: string; minutes: number };
  residentKey: string;
  /** Signed minutes for the resident's ledger: + deposit, − debit. */
  ledgerMinutes: number;
  localDay: string;
}

const QUOTA_KEY = 'hall.offlineDebitQuota';

/** What the central said about one outbox row, once acked; null while not acked. */
interface AckedRow {
  acked: number | null;
  result: string | null;
}

export class HallStore {
  private readonly kv: KeyValue;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
  ) {
    this.kv = new KeyValue(db);
  }

  offlineQuota(): OfflineQuotaState {
    const raw = this.kv.get(QUOTA_KEY);
    return raw ? (JSON.parse(raw) as OfflineQuotaState) : {};
  }

  /** The operation, its ledger entry, its `ledger`-class event (and the quota used offline) in one transaction. */
  recordOperation(op: NewOperation, now: number, quota?: OfflineQuotaState, closeService?: string): number {
    return this.db.transaction(() => {
      const envelope = this.outbox.append(op.type, op.data, 'ledger');
      this.db
        .prepare(
          `INSERT INTO hall_operations (op_id, resident_key, kind, minutes, status, outbox_seq, created_at)
           VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
        )
        .run(op.data.opId, op.residentKey, op.kind, op.data.minutes, envelope.seq, now);
      this.db
        .prepare(
          `INSERT INTO ledger (entry_id, resident_key, household, account, amount, local_day, source,
             outbox_seq, created_at) VALUES (?, ?, NULL, 'minutes', ?, ?, ?, ?, ?)`,
        )
        .run(envelope.id, op.residentKey, op.ledgerMinutes, op.localDay, op.type, envelope.seq, now);
      if (quota) this.kv.set(QUOTA_KEY, JSON.stringify(quota));
      if (closeService)
        this.db
          .prepare('UPDATE timebank_services SET ended_at = ?, op_id = ? WHERE service_id = ?')
          .run(now, op.data.opId, closeService);
      return envelope.seq;
    })();
  }

  openService(service: OpenService): void {
    this.db
      .prepare(
        `INSERT INTO timebank_services (service_id, volunteer_key, recipient_key, service_type, started_at)
         VALUES (@serviceId, @volunteerKey, @recipientKey, @serviceType, @startedAt)`,
      )
      .run(service);
  }

  /** The volunteer's service still in progress, if any. */
  openServiceOf(volunteerKey: string): OpenService | null {
    const row = this.db
      .prepare<[string], OpenService>(
        `SELECT service_id AS serviceId, volunteer_key AS volunteerKey, recipient_key AS recipientKey,
           service_type AS serviceType, started_at AS startedAt
         FROM timebank_services WHERE volunteer_key = ? AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1`,
      )
      .get(volunteerKey);
    return row ?? null;
  }

  /** The resident's recent operations with the central's answers, newest first. */
  operations(residentKey: string, limit = 10): StoredOperation[] {
    return this.db
      .prepare<[string, number], StoredOperation>(
        `SELECT op_id AS opId, kind, minutes, status, reason FROM hall_operations
         WHERE resident_key = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(residentKey, limit);
  }

  /**
   * Signed amounts of the resident's entries not yet in the central's balance
   * snapshot (待同步): those it has not acked, and those it accepted after the
   * snapshot this terminal holds was received — the snapshot that counts them
   * follows the ack, and until it arrives the balance must not jump back.
   * An entry the central rejected counts no more.
   */
  pendingAmounts(residentKey: string, account: 'points' | 'minutes'): number[] {
    return this.db
      .prepare<[string, string], { amount: number } & AckedRow>(
        `SELECT l.amount, o.acked_at AS acked, o.result
         FROM ledger l JOIN outbox o ON o.seq = l.outbox_seq
         WHERE l.resident_key = ? AND l.account = ?
           AND (o.acked_at IS NULL OR o.acked_at >= coalesce(
             (SELECT received_at FROM balance_snapshots b WHERE b.resident_key = l.resident_key AND b.account = l.account),
             0))`,
      )
      .all(residentKey, account)
      .filter((row) => ackVerdict(row)?.status !== 'rejected')
      .map((row) => row.amount);
  }

  /** The resident's local ledger entries, newest first, as history entries. */
  localEntries(residentKey: string, account: 'points' | 'minutes', limit = 20): HistoryEntry[] {
    const rows = this.db
      .prepare<[string, string, number], { createdAt: number; amount: number; source: string } & AckedRow>(
        `SELECT l.created_at AS createdAt, l.amount, l.source, o.acked_at AS acked, o.result
         FROM ledger l LEFT JOIN outbox o ON o.seq = l.outbox_seq
         WHERE l.resident_key = ? AND l.account = ? ORDER BY l.created_at DESC, l.rowid DESC LIMIT ?`,
      )
      .all(residentKey, account, limit);
    return rows.map((row) => {
      const verdict = ackVerdict(row);
      return {
        at: new Date(row.createdAt).toISOString(),
        account,
        amount: row.amount,
        kind: row.source,
        status: verdict === null ? 'pending' : verdict.status === 'rejected' ? 'rejected' : 'confirmed',
        reason: verdict?.reason ?? null,
      };
    });
  }

  /** Pending operations the central has answered since: record its verdicts. Returns how many changed. */
  settleAnswered(now: number): number {
    const rows = this.db
      .prepare<[], { opId: string } & AckedRow>(
        `SELECT h.op_id AS opId, o.acked_at AS acked, o.result FROM hall_operations h
         JOIN outbox o ON o.seq = h.outbox_seq WHERE h.status = 'pending' AND o.acked_at IS NOT NULL`,
      )
      .all();
    const update = this.db.prepare(
      'UPDATE hall_operations SET status = ?, reason = ?, decided_at = ? WHERE op_id = ?',
    );
    this.db.transaction(() => {
      for (const row of rows) {
        const verdict = ackVerdict(row) ?? { status: 'accepted' as const, reason: null };
        update.run(verdict.status, verdict.reason, now, row.opId);
      }
    })();
    return rows.length;
  }

  recordBindRequest(opId: string, residentKey: string, cardKey: string, now: number): void {
    this.db.transaction(() => {
      const envelope = this.outbox.append('card.bind.requested', { opId, residentKey, cardKey });
      this.db
        .prepare(
          `INSERT INTO card_bind_requests (op_id, resident_key, card_key, status, outbox_seq, created_at)
           VALUES (?, ?, ?, 'pending', ?, ?)`,
        )
        .run(opId, residentKey, cardKey, envelope.seq, now);
    })();
  }

  /** 'rejected' when the central's ack refused the binding request, else null. */
  bindRequestRejected(opId: string): boolean {
    const row = this.db
      .prepare<[string], AckedRow>(
        `SELECT o.acked_at AS acked, o.result FROM card_bind_requests b
         JOIN outbox o ON o.seq = b.outbox_seq WHERE b.op_id = ?`,
      )
      .get(opId);
    return row ? ackVerdict(row)?.status === 'rejected' : false;
  }

  setBindStatus(opId: string, status: 'confirmed' | 'rejected'): void {
    this.db.prepare('UPDATE card_bind_requests SET status = ? WHERE op_id = ?').run(status, opId);
  }

  /** The next ticket number of the day for a service, and its event, in one transaction. */
  issueTicket(day: string, service: string, format: (n: number) => string, issuedAt: string): string {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string, string], { last: number }>(
          `INSERT INTO queue_counters (local_day, service, last_number) VALUES (?, ?, 1)
           ON CONFLICT (local_day, service) DO UPDATE SET last_number = last_number + 1
           RETURNING last_number AS last`,
        )
        .get(day, service)!;
      const number = format(row.last);
      this.outbox.append('queue.ticket.issued', { service, day, number, issuedAt });
      return number;
    })();
  }
}

/** The central's verdict on an acked row; null while it is not acked. */
function ackVerdict(row: AckedRow): { status: 'accepted' | 'rejected'; reason: string | null } | null {
  if (row.acked === null) return null;
  const result = row.result
    ? (JSON.parse(row.result) as { status?: string; reason?: string; data?: unknown })
    : {};
  const answer = timebankAnswerSchema.safeParse(result.data);
  if (answer.success)
    return {
      status: answer.data.status,
      reason: answer.data.reason ?? (answer.data.status === 'rejected' ? answer.data.reasonCode : null),
    };
  return result.status === 'rejected'
    ? { status: 'rejected', reason: result.reason ?? null }
    : { status: 'accepted', reason: null };
}
