import { wasteDepositedSchema, type WasteDeposited, type WasteRules } from '@yaofang/shared/waste';
import type { WeighFailure } from './device-steps.ts';
import type { PersistedSession } from './flow-store.ts';
import { assessDrop } from './rules.ts';

export interface WeighedSessionDrop {
  /** The session at weighing-after: category, compartment, dropId and gross before are set. */
  session: PersistedSession;
  /** The stable gross weight after the lid closed, or why there is none. */
  after: number | WeighFailure;
  /** The scale's last (unstable) reading, used when there is no stable one. */
  latestGrams: number | null;
  lidClosed: boolean;
  recovered: boolean;
  householdPointsToday: number;
  now: number;
}

/**
 * The `waste.deposited` data of one weighed drop. Without a stable after-weight
 * the drop is still recorded (the waste is in the bin), on the last reading,
 * with 0 points and a reason code, for a person to review.
 */
export function depositOf(rules: WasteRules, drop: WeighedSessionDrop): WasteDeposited {
  const { session, after } = drop;
  const { dropId, category, compartment, grossBeforeGrams } = session;
  if (dropId === null || category === null || compartment === null || grossBeforeGrams === null)
    throw new Error(`bug: session ${session.sessionId} is at ${session.step} without a drop in flight`);
  const reliable = typeof after === 'number';
  const fallback =
    drop.latestGrams !== null && Number.isSafeInteger(drop.latestGrams) ? drop.latestGrams : null;
  const grossAfterGrams = reliable ? after : (fallback ?? grossBeforeGrams);
  const assessment = assessDrop(rules, {
    category,
    grossBeforeGrams,
    grossAfterGrams,
    householdPointsToday: drop.householdPointsToday,
  });
  // partially-capped must carry points; an unreliable drop carries none.
  const outcome = !reliable && assessment.outcome === 'partially-capped' ? 'credited' : assessment.outcome;
  const reasonCode = !reliable
    ? `scale-${after}`
    : !drop.lidClosed
      ? 'lid-not-closed'
      : outcome === 'too-heavy-review'
        ? 'above-max-net'
        : undefined;
  return wasteDepositedSchema.parse({
    dropId,
    sessionId: session.sessionId,
    residentKey: session.residentKey,
    household: session.household,
    category,
    compartment,
    grossBeforeGrams,
    grossAfterGrams,
    netGrams: assessment.netGrams,
    points: reliable ? assessment.points : 0,
    outcome,
    ...(reasonCode ? { reasonCode } : {}),
    rulesVersion: rules.version,
    recovered: drop.recovered,
    at: new Date(drop.now).toISOString(),
  });
}
