import type {
  CompartmentView,
  DropOutcome,
  DropResult,
  WasteNotice,
  WasteSessionView,
} from '@yaofang/shared';
import type { PersistedSession } from './flow-store.ts';

/**
 * Pure builders of what the kiosk shows. The screen never sees a
 * residentKey: a resident is at most a masked household code.
 */

/** An opaque household key → `H-***01` (its last two characters). */
export function maskHousehold(household: string | null): string | null {
  if (household === null) return null;
  return `H-***${household.slice(-2)}`;
}

/** The notice that explains a drop's outcome on the result screen; null when it was simply credited. */
export function outcomeNotice(outcome: DropOutcome): WasteNotice | null {
  return outcome === 'credited' ? null : { code: outcome };
}

/** A session as the flow holds it in memory: the persisted row plus what only the screen needs. */
export interface ActiveSession extends PersistedSession {
  drops: DropResult[];
  notice: WasteNotice | null;
}

export function newSession(
  sessionId: string,
  residentKey: string,
  household: string | null,
  now: number,
): ActiveSession {
  return {
    sessionId,
    residentKey,
    household,
    step: 'choose-category',
    category: null,
    compartment: null,
    dropId: null,
    grossBeforeGrams: null,
    closesAt: null,
    startedAt: now,
    drops: [],
    notice: null,
  };
}

export function sessionView(
  session: ActiveSession,
  compartments: CompartmentView[],
  liveGrams: number | null,
): WasteSessionView {
  const weighing = session.step === 'weighing-before' || session.step === 'weighing-after';
  return {
    sessionId: session.sessionId,
    step: session.step,
    household: maskHousehold(session.household),
    compartments,
    chosen: session.category,
    closesAt: session.step === 'dropping' ? session.closesAt : null,
    liveGrams: weighing ? liveGrams : null,
    drops: session.drops,
    notice: session.notice,
  };
}
