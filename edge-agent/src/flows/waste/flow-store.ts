import type { WasteDeposited, WasteCategory } from '@yaofang/shared/waste';
import type { BalanceView, WasteStep } from '@yaofang/shared';
import type { Db } from '../../store/database.ts';
import type { Outbox } from '../../store/outbox.ts';

/**
 * The waste flow's tables (migration 3): the persisted session (one row per
 * active session, rewritten on every step), the drops and the points ledger.
 * A drop, its ledger entry and its `waste.deposited` event commit in one
 * transaction, together with the session's move to `result`.
 */

export interface PersistedSession {
  sessionId: string;
  residentKey: string;
  /** Opaque household key from the card binding, null when it has none. */
  household: string | null;
  step: WasteStep;
  category: WasteCategory | null;
  compartment: number | null;
  /** The drop in flight, chosen before the lid opens. */
  dropId: string | null;
  grossBeforeGrams: number | null;
  closesAt: number | null;
  startedAt: number;
}

export interface StoredDrop {
  dropId: string;
  sessionId: string;
  category: WasteCategory;
  netGrams: number;
  points: number;
  outcome: WasteDeposited['outcome'];
  recovered: boolean;
  outboxSeq: number;
}

/** Only the persisted fields of a session that also holds in-memory ones. */
export function persistedPart(s: PersistedSession): PersistedSession {
  const { sessionId, residentKey, household, step, category, compartment, dropId } = s;
  const { grossBeforeGrams, closesAt, startedAt } = s;
  return {
    sessionId,
    residentKey,
    household,
    step,
    category,
    compartment,
    dropId,
    grossBeforeGrams,
    closesAt,
    startedAt,
  };
}

type SessionRow = Omit<PersistedSession, 'step' | 'category'> & { step: string; category: string | null };

export class WasteFlowStore {
  private readonly upsertSessionStmt;
  private readonly deleteSessionStmt;
  private readonly sessionsStmt;
  private readonly dropStmt;
  private readonly insertDropStmt;
  private readonly insertLedgerStmt;
  private readonly householdDayStmt;
  private readonly residentDayStmt;
  private readonly pendingStmt;
  private readonly householdOfStmt;

  constructor(
    private readonly db: Db,
    private readonly outbox: Outbox,
  ) {
    this.upsertSessionStmt = db.prepare(
      `INSERT INTO sessions (session_id, flow, resident_key, household, step, category, compartment,
         drop_id, gross_before_grams, closes_at, started_at, updated_at)
       VALUES (@sessionId, 'waste-drop', @residentKey, @household, @step, @category, @compartment,
         @dropId, @grossBeforeGrams, @closesAt, @startedAt, @updatedAt)
       ON CONFLICT (session_id) DO UPDATE SET step = excluded.step, category = excluded.category,
         compartment = excluded.compartment, drop_id = excluded.drop_id,
         gross_before_grams = excluded.gross_before_grams, closes_at = excluded.closes_at,
         updated_at = excluded.updated_at`,
    );
    this.deleteSessionStmt = db.prepare('DELETE FROM sessions WHERE session_id = ?');
    this.sessionsStmt = db.prepare<[], SessionRow>(
      `SELECT session_id AS sessionId, resident_key AS residentKey, household, step, category, compartment,
         drop_id AS dropId, gross_before_grams AS grossBeforeGrams, closes_at AS closesAt, started_at AS startedAt
       FROM sessions WHERE flow = 'waste-drop' ORDER BY started_at`,
    );
    this.dropStmt = db.prepare<[string], Omit<StoredDrop, 'recovered'> & { recovered: number }>(
      `SELECT drop_id AS dropId, session_id AS sessionId, category, net_grams AS netGrams, points, outcome,
         recovered, outbox_seq AS outboxSeq FROM drops WHERE drop_id = ?`,
    );
    this.insertDropStmt = db.prepare(
      `INSERT INTO drops (drop_id, session_id, resident_key, household, category, compartment,
         gross_before_grams, gross_after_grams, net_grams, points, outcome, reason_code, rules_version,
         recovered, local_day, at, outbox_seq)
       VALUES (@dropId, @sessionId, @residentKey, @household, @category, @compartment, @grossBeforeGrams,
         @grossAfterGrams, @netGrams, @points, @outcome, @reasonCode, @rulesVersion, @recovered, @localDay,
         @at, @outboxSeq)`,
    );
    this.insertLedgerStmt = db.prepare(
      `INSERT INTO ledger (entry_id, resident_key, household, account, amount, local_day, source, drop_id,
         outbox_seq, created_at)
       VALUES (@entryId, @residentKey, @household, 'points', @amount, @localDay, 'waste.deposited', @dropId,
         @outboxSeq, @createdAt)`,
    );
    const sumToday = (who: string) =>
      db.prepare<[string, string], { total: number }>(
        `SELECT coalesce(sum(amount), 0) AS total FROM ledger
         WHERE account = 'points' AND ${who} = ? AND local_day = ?`,
      );
    this.householdDayStmt = sumToday('household');
    this.residentDayStmt = sumToday('resident_key');
    // A pruned outbox row was confirmed long ago, so only an unacked row still present counts.
    this.pendingStmt = db.prepare<[string], { total: number }>(
      `SELECT coalesce(sum(l.amount), 0) AS total FROM ledger l JOIN outbox o ON o.seq = l.outbox_seq
       WHERE l.resident_key = ? AND l.account = 'points' AND o.acked_at IS NULL`,
    );
    this.householdOfStmt = db.prepare<[string], { household: string | null }>(
      `SELECT household FROM card_bindings WHERE resident_key = ? AND kind = 'resident'
       ORDER BY household IS NULL LIMIT 1`,
    );
  }

  saveSession(session: PersistedSession, now: number): void {
    this.upsertSessionStmt.run({ ...session, updatedAt: now });
  }

  deleteSession(sessionId: string): void {
    this.deleteSessionStmt.run(sessionId);
  }

  sessions(): PersistedSession[] {
    return this.sessionsStmt.all().map((row) => ({
      ...row,
      step: row.step as WasteStep,
      category: row.category as WasteCategory | null,
    }));
  }

  drop(dropId: string): StoredDrop | null {
    const row = this.dropStmt.get(dropId);
    return row ? { ...row, recovered: row.recovered === 1 } : null;
  }

  /** Points the household (or, without one, the resident) earned on `localDay`, pending ones included. */
  pointsToday(residentKey: string, household: string | null, localDay: string): number {
    const stmt = household === null ? this.residentDayStmt : this.householdDayStmt;
    return stmt.get(household ?? residentKey, localDay)!.total;
  }

  /** Points of the resident's entries whose event the central platform has not acked yet (待同步). */
  pendingPoints(residentKey: string): number {
    return this.pendingStmt.get(residentKey)!.total;
  }

  /** Shown balance = the central platform's last snapshot + local entries it has not acked (待同步). */
  balanceView(residentKey: string, confirmed: number): BalanceView {
    const pending = this.pendingPoints(residentKey);
    return { confirmed, pending, shown: confirmed + pending };
  }

  /** The household of a resident known only by residentKey (an ID card sign-in). */
  householdOf(residentKey: string): string | null {
    return this.householdOfStmt.get(residentKey)?.household ?? null;
  }

  /**
   * The drop, its ledger entry (only when it earns points: the drops table
   * keeps every drop, the ledger only balance movements) and its event, plus
   * the session's next state, in one transaction. Idempotent by `dropId`: a
   * drop already recorded (a recovery after a crash right after the commit)
   * is returned as it is and nothing is written twice.
   */
  recordDrop(
    drop: WasteDeposited,
    localDay: string,
    session: PersistedSession,
    now: number,
  ): { written: boolean; drop: StoredDrop } {
    return this.db.transaction(() => {
      const existing = this.drop(drop.dropId);
      if (existing) {
        this.saveSession(session, now);
        return { written: false, drop: existing };
      }
      const envelope = this.outbox.append('waste.deposited', drop, 'ledger');
      const outboxSeq = envelope.seq;
      this.insertDropStmt.run({
        ...drop,
        reasonCode: drop.reasonCode ?? null,
        recovered: drop.recovered ? 1 : 0,
        localDay,
        at: now,
        outboxSeq,
      });
      if (drop.points > 0)
        this.insertLedgerStmt.run({
          entryId: envelope.id,
          residentKey: drop.residentKey,
          household: drop.household,
          amount: drop.points,
          localDay,
          dropId: drop.dropId,
          outboxSeq,
          createdAt: now,
        });
      this.saveSession(session, now);
      const { dropId, sessionId, category, netGrams, points, outcome, recovered } = drop;
      return {
        written: true,
        drop: { dropId, sessionId, category, netGrams, points, outcome, recovered, outboxSeq },
      };
    })();
  }
}
