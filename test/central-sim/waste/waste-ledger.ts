import type { Disposer, EventEnvelope } from '@yaofang/shared';
import type { BalanceSnapshot } from '@yaofang/shared/sync';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import type { CentralLog } from '../central-log.ts';
import type { CentralDb } from '../ledger-store.ts';
import type { EventVerdict } from '../station-ledger.ts';
import { applyWasteDeposit, replayWasteDeposit, type WasteLedgerRules } from './rules.ts';
import {
  dropsOfStation,
  emptyWasteLedger,
  pointsBalance,
  type RecordedDrop,
  type WasteLedgerState,
} from './state.ts';

export const WASTE_DEPOSITED = 'waste.deposited';

/** The parts of ReferenceCentral the waste ledger uses. */
export interface WasteLedgerHost {
  onEvent(type: string, handler: (envelope: EventEnvelope, station: string) => EventVerdict): Disposer;
  onApplied(listener: (station: string, envelope: EventEnvelope) => void): Disposer;
  publishBalances(station: string, snapshots: BalanceSnapshot[]): Promise<unknown>;
  /** Send the station's waiting ack now. */
  flushAck(station: string): Promise<void>;
}

export interface WasteLedgerOptions {
  /** Cap and time zone; default `DEFAULT_WASTE_RULES`. */
  rules?: WasteLedgerRules;
  /** Publish the resident's balance snapshot after each credited drop (default true). */
  publishBalances?: boolean;
  now?: () => number;
}

export interface WasteLedgerDeps extends WasteLedgerOptions {
  host: WasteLedgerHost;
  /** The central's open database; null while it is stopped. A restarted central opens a new one. */
  db: () => CentralDb | null;
  log: CentralLog;
}

/** What tests read: drops per station (in applied order) and points per resident. */
export interface WasteLedgerSnapshot {
  drops: Record<string, RecordedDrop[]>;
  balances: Record<string, number>;
}

interface AppliedRow {
  station: string;
  id: string;
  payload: string;
  status: EventVerdict['status'];
  reason: string | null;
  data: string | null;
}

/**
 * The waste-points ledger wired into the reference central: decides each
 * `waste.deposited` event with `applyWasteDeposit` and publishes the
 * resident's confirmed balance (`sync/balances`) once the event is applied.
 *
 * The state lives in memory but is derived from the central's applied events:
 * the handler runs inside the transaction that records the event, and when
 * that transaction rolled back or the central restarted on its file, the
 * state is rebuilt from the events (replaying their recorded verdicts).
 */
export class WasteLedger {
  private state: WasteLedgerState = emptyWasteLedger();
  /** The database the state was built from, and the last event folded into it. */
  private builtFrom: CentralDb | null = null;
  private lastFolded: { station: string; id: string } | null = null;
  private recordedStmt: { get(station: string, id: string): unknown } | null = null;
  private rules: WasteLedgerRules;
  private disposers: Disposer[] = [];
  private readonly pendingPublishes = new Set<Promise<void>>();

  constructor(private readonly deps: WasteLedgerDeps) {
    this.rules = deps.rules ?? DEFAULT_WASTE_RULES;
  }

  start(): void {
    if (this.disposers.length > 0) return;
    this.disposers = [
      this.deps.host.onEvent(WASTE_DEPOSITED, (envelope, station) => this.decide(envelope, station)),
      this.deps.host.onApplied((station, envelope) => this.applied(station, envelope)),
    ];
  }

  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  /** New cap or time zone for the drops that follow; recorded decisions stay. */
  setRules(rules: WasteLedgerRules): void {
    this.rules = rules;
  }

  snapshot(): WasteLedgerSnapshot {
    const state = this.current();
    const drops: Record<string, RecordedDrop[]> = {};
    for (const drop of state.drops.values()) (drops[drop.station] ??= []).push(drop);
    return { drops, balances: Object.fromEntries(state.balances) };
  }

  drops(station: string): RecordedDrop[] {
    return dropsOfStation(this.current(), station);
  }

  balance(residentKey: string): number {
    return pointsBalance(this.current(), residentKey);
  }

  /** Resolves when every balance publish started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.pendingPublishes]);
  }

  private decide(envelope: EventEnvelope, station: string): EventVerdict {
    const decision = applyWasteDeposit(this.current(), envelope.data, this.rules, {
      station,
      eventId: envelope.id,
    });
    this.state = decision.state;
    this.lastFolded = { station, id: envelope.id };
    return decision.verdict;
  }

  private applied(station: string, envelope: EventEnvelope): void {
    if (envelope.type !== WASTE_DEPOSITED || this.deps.publishBalances === false) return;
    const dropId = (envelope.data as { dropId?: unknown }).dropId;
    const drop = typeof dropId === 'string' ? this.current().drops.get(dropId) : undefined;
    // Only the event that recorded the drop: a rejected duplicate changed nothing.
    if (!drop || drop.eventId !== envelope.id) return;
    const snapshot: BalanceSnapshot = {
      residentKey: drop.residentKey,
      account: 'points',
      balance: this.balance(drop.residentKey),
      asOf: new Date((this.deps.now ?? Date.now)()).toISOString(),
    };
    // The ack goes first: a terminal that got the new balance before the ack
    // would count this drop twice for a moment (confirmed and still pending).
    const publish = this.deps.host
      .flushAck(station)
      .then(() => this.deps.host.publishBalances(station, [snapshot]))
      .then(
        () => undefined,
        (error: Error) =>
          this.deps.log('warn', 'waste balance not published', { station, error: error.message }),
      )
      .finally(() => this.pendingPublishes.delete(publish));
    this.pendingPublishes.add(publish);
  }

  /**
   * The state, rebuilt first when it no longer matches the database: another
   * database (a restart), or the last event folded in is not there (its
   * transaction rolled back). While the central is stopped: the last state.
   */
  private current(): WasteLedgerState {
    const db = this.deps.db();
    if (!db) return this.state;
    const last = this.lastFolded;
    if (db !== this.builtFrom || (last && this.recordedStmt?.get(last.station, last.id) === undefined))
      this.rebuild(db);
    return this.state;
  }

  private rebuild(db: CentralDb): void {
    const rows = db
      .prepare<[string], AppliedRow>(
        'SELECT station, id, payload, status, reason, data FROM applied_events WHERE type = ? ORDER BY rowid',
      )
      .all(WASTE_DEPOSITED);
    let state = emptyWasteLedger();
    for (const row of rows) {
      const envelope = JSON.parse(row.payload) as EventEnvelope;
      state = replayWasteDeposit(state, envelope.data, verdictOf(row), this.rules, {
        station: row.station,
        eventId: row.id,
      });
    }
    this.state = state;
    this.builtFrom = db;
    this.recordedStmt = db.prepare('SELECT 1 FROM applied_events WHERE station = ? AND id = ?');
    const last = rows.at(-1);
    this.lastFolded = last ? { station: last.station, id: last.id } : null;
  }
}

function verdictOf(row: AppliedRow): EventVerdict {
  switch (row.status) {
    case 'applied':
      return { status: 'applied' };
    case 'rejected':
      return { status: 'rejected', reason: row.reason ?? '' };
    case 'adjusted':
      return {
        status: 'adjusted',
        data: row.data === null ? {} : (JSON.parse(row.data) as Record<string, unknown>),
      };
  }
}
