import type { Disposer, EventEnvelope } from '@yaofang/shared';
import type { BalanceSnapshot, CardBinding, RequestKind } from '@yaofang/shared/sync';
import type { CentralLog } from '../central-log.ts';
import type { CentralDb } from '../ledger-store.ts';
import type { RequestHandler } from '../requests.ts';
import type { EventVerdict } from '../station-ledger.ts';
import { balanceOf } from '../timebank/ledger.ts';
import type { RecordedDrop } from '../waste/state.ts';
import { hallConfig, type HallConfig, type HallOptions } from './options.ts';
import { answerApprovalList, answerApprovalStatus, answerFamily, answerHistory } from './requests.ts';
import {
  HALL_EVENT_TYPES,
  applyHallEvent,
  cardBindings,
  emptyHallState,
  type HallEffects,
  type HallState,
  type HallVerdict,
  type RecordedBinding,
  type RecordedTicket,
} from './state.ts';

/** The parts of ReferenceCentral the hall uses. */
export interface HallHost {
  onEvent(type: string, handler: (envelope: EventEnvelope, station: string) => EventVerdict): Disposer;
  onApplied(listener: (station: string, envelope: EventEnvelope) => void): Disposer;
  onRequest(kind: RequestKind, handler: RequestHandler): Disposer;
  publishBalances(station: string, snapshots: BalanceSnapshot[]): Promise<unknown>;
  publishCards(station: string, bindings: CardBinding[]): Promise<unknown>;
  /** Send the station's waiting ack now. */
  flushAck(station: string): Promise<void>;
}

export interface HallDeps extends HallOptions {
  host: HallHost;
  /** The central's open database; null while it is stopped. */
  db: () => CentralDb | null;
  log: CentralLog;
  /** The waste ledger's recorded drops, for `history` of points; empty when it is off. */
  wasteDrops: () => readonly RecordedDrop[];
}

interface AppliedRow {
  station: string;
  id: string;
  type: string;
  payload: string;
}

/**
 * The self-service hall and the time bank wired into the reference central:
 * decides `timebank.*.requested`, `card.bind.requested` and
 * `queue.ticket.issued` with `applyHallEvent`, publishes what changed once the
 * event is applied and acked (minutes balances, the cards document), and
 * answers `history`, `family`, `approval.status` and `approval.list`.
 *
 * Like the waste ledger, the state lives in memory and is derived from the
 * central's applied events: rebuilt (by deciding them again in order, with
 * the same options) after a restart on the same file or a rolled-back
 * transaction.
 */
export class Hall {
  readonly config: HallConfig;
  private state: HallState;
  private builtFrom: CentralDb | null = null;
  private lastFolded: { station: string; id: string } | null = null;
  private recordedStmt: { get(station: string, id: string): unknown } | null = null;
  private disposers: Disposer[] = [];
  /** Effects of decided events, taken once the event is applied. */
  private readonly effects = new Map<string, HallEffects>();
  /** One publish chain per station, so sync versions count up in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private readonly pendingPublishes = new Set<Promise<void>>();

  constructor(private readonly deps: HallDeps) {
    this.config = hallConfig(deps);
    this.state = emptyHallState(this.config);
  }

  start(): void {
    if (this.disposers.length > 0) return;
    const { host } = this.deps;
    this.disposers = [
      ...HALL_EVENT_TYPES.map((type) =>
        host.onEvent(type, (envelope, station) => this.decide(envelope, station)),
      ),
      host.onApplied((station, envelope) => this.applied(station, envelope)),
      host.onRequest('history', (args) => answerHistory(this.current(), this.deps.wasteDrops(), args)),
      host.onRequest('family', (args) => answerFamily(this.config, args)),
      host.onRequest('approval.status', (args) => answerApprovalStatus(this.config, args)),
      host.onRequest('approval.list', (args) => answerApprovalList(this.config, args)),
    ];
  }

  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  /** The whole state (time-bank ledger, operations, bindings, tickets). */
  snapshot(): HallState {
    return this.current();
  }

  minutes(residentKey: string): number {
    return balanceOf(this.current().timebank, residentKey);
  }

  bindings(): RecordedBinding[] {
    return [...this.current().bindings.values()];
  }

  /** What each station's cards document carries now. */
  cards(): CardBinding[] {
    return cardBindings(this.config, this.current());
  }

  tickets(station?: string): RecordedTicket[] {
    return this.current().tickets.filter((ticket) => station === undefined || ticket.station === station);
  }

  /** Resolves when every publish started so far has finished. */
  async settled(): Promise<void> {
    while (this.pendingPublishes.size > 0) await Promise.all([...this.pendingPublishes]);
  }

  // The verdict's `data` on an applied or rejected event goes into the ack as
  // it is: StationLedger records `data` on every status (ackResultSchema allows it).
  private decide(envelope: EventEnvelope, station: string): HallVerdict {
    const decision = applyHallEvent(this.config, this.current(), envelope, station);
    this.state = decision.state;
    this.lastFolded = { station, id: envelope.id };
    const { balances, cards } = decision.effects;
    if (balances.length > 0 || cards) this.effects.set(effectKey(station, envelope.id), decision.effects);
    return decision.verdict;
  }

  private applied(station: string, envelope: EventEnvelope): void {
    const key = effectKey(station, envelope.id);
    const effects = this.effects.get(key);
    if (!effects) return;
    this.effects.delete(key);
    // The ack goes first: a terminal that got the new balance or binding
    // before the ack would count the operation twice for a moment.
    const publish = (this.chains.get(station) ?? Promise.resolve())
      .then(() => this.deps.host.flushAck(station))
      .then(() => this.publish(station, effects))
      .catch((error: Error) =>
        this.deps.log('warn', 'hall sync document not published', { station, error: error.message }),
      )
      .finally(() => {
        this.pendingPublishes.delete(publish);
        if (this.chains.get(station) === publish) this.chains.delete(station);
      });
    this.chains.set(station, publish);
    this.pendingPublishes.add(publish);
  }

  private async publish(station: string, effects: HallEffects): Promise<void> {
    if (effects.balances.length > 0 && this.config.publishBalances) {
      const asOf = new Date(this.config.now()).toISOString();
      const ledger = this.current().timebank;
      const snapshots = [...new Set(effects.balances)].map((residentKey): BalanceSnapshot => ({
        residentKey,
        account: 'minutes',
        balance: balanceOf(ledger, residentKey),
        asOf,
      }));
      await this.deps.host.publishBalances(station, snapshots);
    }
    if (effects.cards) await this.deps.host.publishCards(station, this.cards());
  }

  /** The state, rebuilt first when it no longer matches the database (see WasteLedger.current). */
  private current(): HallState {
    const db = this.deps.db();
    if (!db) return this.state;
    const last = this.lastFolded;
    if (db !== this.builtFrom || (last && this.recordedStmt?.get(last.station, last.id) === undefined))
      this.rebuild(db);
    return this.state;
  }

  private rebuild(db: CentralDb): void {
    const marks = HALL_EVENT_TYPES.map(() => '?').join(', ');
    const rows = db
      .prepare<string[], AppliedRow>(
        `SELECT station, id, type, payload FROM applied_events WHERE type IN (${marks}) ORDER BY rowid`,
      )
      .all(...HALL_EVENT_TYPES);
    let state = emptyHallState(this.config);
    for (const row of rows) {
      const envelope = JSON.parse(row.payload) as EventEnvelope;
      state = applyHallEvent(this.config, state, envelope, row.station).state;
    }
    this.state = state;
    this.effects.clear();
    this.builtFrom = db;
    this.recordedStmt = db.prepare('SELECT 1 FROM applied_events WHERE station = ? AND id = ?');
    const last = rows.at(-1);
    this.lastFolded = last ? { station: last.station, id: last.id } : null;
  }
}

function effectKey(station: string, id: string): string {
  return `${station}\n${id}`;
}
