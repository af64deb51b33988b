import type { DropOutcome, WasteCategory } from '@yaofang/shared/waste';

/**
 * The reference central's waste-points state, as a pure value (like
 * `timebank/ledger.ts`): every change returns a new state and leaves the old
 * one untouched, so tests can keep earlier states and the wiring can rebuild
 * the state from the applied events after a restart.
 */

/** One drop as the central recorded it. */
export interface RecordedDrop {
  dropId: string;
  /** The event that brought it, so a second event for the same drop is told apart. */
  eventId: string | null;
  station: string;
  residentKey: string;
  /** The household the daily cap counts against (`capHousehold`). */
  capKey: string;
  category: WasteCategory;
  netGrams: number;
  /** What the terminal credited. */
  claimedPoints: number;
  /** What the central credited: less than claimed when the daily cap cut it. */
  creditedPoints: number;
  outcome: DropOutcome;
  /** The drop's time as the terminal sent it (ISO with offset). */
  at: string;
  /** Local calendar day of `at`, `YYYY-MM-DD`, the daily cap's key. */
  localDay: string;
}

export interface WasteLedgerState {
  /** Every recorded drop by dropId, in the order they were applied. */
  readonly drops: ReadonlyMap<string, RecordedDrop>;
  /** Points per residentKey. */
  readonly balances: ReadonlyMap<string, number>;
  /** Points credited per `${capKey}|${localDay}`. */
  readonly dayTotals: ReadonlyMap<string, number>;
}

export function emptyWasteLedger(): WasteLedgerState {
  return { drops: new Map(), balances: new Map(), dayTotals: new Map() };
}

/**
 * What the daily cap counts against: the card binding's household, or, when
 * the binding has none, the resident alone.
 */
export function capHousehold(household: string | null, residentKey: string): string {
  return household === null ? `resident:${residentKey}` : `household:${household}`;
}

/** The local calendar day of an ISO time, `YYYY-MM-DD`, for a zone `offsetMinutes` east of UTC. */
export function localDayOf(at: string, offsetMinutes: number): string {
  return new Date(Date.parse(at) + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function pointsBalance(state: WasteLedgerState, residentKey: string): number {
  return state.balances.get(residentKey) ?? 0;
}

export function dayTotal(state: WasteLedgerState, capKey: string, localDay: string): number {
  return state.dayTotals.get(`${capKey}|${localDay}`) ?? 0;
}

/** Adds a drop and its credited points; the caller has checked it is new. */
export function withDrop(state: WasteLedgerState, drop: RecordedDrop): WasteLedgerState {
  const drops = new Map(state.drops).set(drop.dropId, drop);
  const balances = new Map(state.balances).set(
    drop.residentKey,
    pointsBalance(state, drop.residentKey) + drop.creditedPoints,
  );
  const dayKey = `${drop.capKey}|${drop.localDay}`;
  const dayTotals = new Map(state.dayTotals).set(
    dayKey,
    (state.dayTotals.get(dayKey) ?? 0) + drop.creditedPoints,
  );
  return { drops, balances, dayTotals };
}

/** The recorded drops of one station, in the order they were applied. */
export function dropsOfStation(state: WasteLedgerState, station: string): RecordedDrop[] {
  return [...state.drops.values()].filter((drop) => drop.station === station);
}
