import { firstIssue } from '@yaofang/shared/sync';
import {
  DEFAULT_WASTE_RULES,
  wasteDepositedSchema,
  type DropOutcome,
  type WasteDeposited,
  type WasteRules,
} from '@yaofang/shared/waste';
import type { EventVerdict } from '../station-ledger.ts';
import {
  capHousehold,
  dayTotal,
  localDayOf,
  withDrop,
  type RecordedDrop,
  type WasteLedgerState,
} from './state.ts';

/**
 * What the reference central does with one `waste.deposited` event.
 *
 * Decisions:
 * - The data must pass `wasteDepositedSchema` (the terminal's own contract);
 *   otherwise the event is rejected with the first problem as the reason and
 *   nothing is credited.
 * - A drop is credited once: a second event for a dropId already recorded is
 *   rejected (`duplicate-drop`), so the terminal drops its pending entry.
 * - The daily cap is the central's to enforce across terminals: each terminal
 *   only knows its own drops, so two stations can each credit a household up
 *   to the cap. When the household's points for the drop's local day would
 *   pass the cap, the event is `adjusted` to what was left under it (0 =
 *   `capped`, else `partially-capped`); the ack carries the corrected points.
 * - Points below what the cap allows are taken as the terminal computed them.
 */

/** The part of the waste rules the central applies. */
export type WasteLedgerRules = Pick<WasteRules, 'dailyCapPointsPerHousehold' | 'timezoneOffsetMinutes'>;

/** What an `adjusted` ack carries for a capped drop. */
export interface WasteAdjustment {
  dropId: string;
  /** The points the central credited, replacing the terminal's. */
  points: number;
  outcome: 'capped' | 'partially-capped';
  reasonCode: 'daily-cap';
  /** The household's credited points for the drop's local day, this drop included. */
  todayPoints: number;
}

export interface WasteDecision {
  state: WasteLedgerState;
  verdict: EventVerdict;
  /** The drop as recorded; null when the event was rejected. */
  drop: RecordedDrop | null;
}

export interface DropOrigin {
  station: string;
  /** The envelope's id. */
  eventId?: string;
}

export function applyWasteDeposit(
  state: WasteLedgerState,
  envelopeData: unknown,
  rules: WasteLedgerRules = DEFAULT_WASTE_RULES,
  origin: DropOrigin = { station: '' },
): WasteDecision {
  const parsed = wasteDepositedSchema.safeParse(envelopeData);
  if (!parsed.success) {
    const reason = `invalid waste.deposited data: ${firstIssue(parsed.error)}`;
    return { state, verdict: { status: 'rejected', reason }, drop: null };
  }
  const data = parsed.data;
  const earlier = state.drops.get(data.dropId);
  if (earlier) {
    const reason = `duplicate-drop: drop ${data.dropId} was already credited (station ${earlier.station})`;
    return { state, verdict: { status: 'rejected', reason }, drop: null };
  }

  const unchecked = recordedDrop(data, rules, origin, data.points, data.outcome);
  const creditedToday = dayTotal(state, unchecked.capKey, unchecked.localDay);
  const remaining = Math.max(0, rules.dailyCapPointsPerHousehold - creditedToday);
  if (data.points <= remaining)
    return { state: withDrop(state, unchecked), verdict: { status: 'applied' }, drop: unchecked };

  const outcome = remaining === 0 ? 'capped' : 'partially-capped';
  const drop = recordedDrop(data, rules, origin, remaining, outcome);
  const adjustment: WasteAdjustment = {
    dropId: data.dropId,
    points: remaining,
    outcome,
    reasonCode: 'daily-cap',
    todayPoints: creditedToday + remaining,
  };
  const reason =
    `daily-cap: the household had ${creditedToday} of ${rules.dailyCapPointsPerHousehold} points ` +
    `on ${drop.localDay}, so ${remaining} of the ${data.points} claimed are credited`;
  const next = withDrop(state, drop);
  return { state: next, verdict: { status: 'adjusted', reason, data: { ...adjustment } }, drop };
}

/**
 * Replays a decision already made (an applied event read back from the
 * central's database after a restart) without deciding again, so rules
 * changed since then do not rewrite history.
 */
export function replayWasteDeposit(
  state: WasteLedgerState,
  envelopeData: unknown,
  verdict: EventVerdict,
  rules: WasteLedgerRules,
  origin: DropOrigin,
): WasteLedgerState {
  if (verdict.status === 'rejected') return state;
  const parsed = wasteDepositedSchema.safeParse(envelopeData);
  if (!parsed.success || state.drops.has(parsed.data.dropId)) return state;
  const data = parsed.data;
  const adjustment = verdict.status === 'adjusted' ? (verdict.data as Partial<WasteAdjustment>) : null;
  const credited = typeof adjustment?.points === 'number' ? adjustment.points : data.points;
  return withDrop(state, recordedDrop(data, rules, origin, credited, adjustment?.outcome ?? data.outcome));
}

function recordedDrop(
  data: WasteDeposited,
  rules: WasteLedgerRules,
  origin: DropOrigin,
  creditedPoints: number,
  outcome: DropOutcome,
): RecordedDrop {
  return {
    dropId: data.dropId,
    eventId: origin.eventId ?? null,
    station: origin.station,
    residentKey: data.residentKey,
    capKey: capHousehold(data.household, data.residentKey),
    category: data.category,
    netGrams: data.netGrams,
    claimedPoints: data.points,
    creditedPoints,
    outcome,
    at: data.at,
    localDay: localDayOf(data.at, rules.timezoneOffsetMinutes),
  };
}
