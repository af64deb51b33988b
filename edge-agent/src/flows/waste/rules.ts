import { assertNever } from '@yaofang/shared';
import type { DropOutcome, WasteCategory, WasteRules } from '@yaofang/shared/waste';
import { applyDailyCap, pointsForNet } from './points.ts';

/**
 * The decision about one weighed drop, and the card-tap debounce: pure rules
 * the `waste-drop` flow applies (ARCHITECTURE.md "Data flow of one waste
 * drop", step 2). No devices, clocks or storage here.
 */

export interface WeighedDrop {
  category: WasteCategory;
  /** Stable gross weight before the lid opened. */
  grossBeforeGrams: number;
  /** Stable gross weight after the lid closed. */
  grossAfterGrams: number;
  /** Points already credited to the household on this local day (`localDay`), pending ones included. */
  householdPointsToday: number;
}

export interface DropAssessment {
  outcome: DropOutcome;
  /** after − before; negative when something was taken out or the scale drifted. */
  netGrams: number;
  /** Points to credit now; 0 unless `credited` or `partially-capped`. */
  points: number;
  /** What the weight earns before the daily cap; 0 when the weight earns nothing yet. */
  uncappedPoints: number;
  /** A person should look at it: a negative net, or a drop too heavy to credit automatically. */
  review: boolean;
}

/**
 * Assess one drop, in order: the sign of the net, the category's min and max,
 * the points at its rounding, then the household's daily cap.
 */
export function assessDrop(rules: WasteRules, drop: WeighedDrop): DropAssessment {
  const { grossBeforeGrams, grossAfterGrams, householdPointsToday } = drop;
  if (!Number.isSafeInteger(grossBeforeGrams) || !Number.isSafeInteger(grossAfterGrams))
    throw new RangeError(
      `gross weights must be integer grams, got ${grossBeforeGrams} and ${grossAfterGrams}`,
    );
  if (!Number.isSafeInteger(householdPointsToday) || householdPointsToday < 0)
    throw new RangeError(`householdPointsToday must be a non-negative integer, got ${householdPointsToday}`);

  const category = rules.categories[drop.category];
  const netGrams = grossAfterGrams - grossBeforeGrams;
  const nothing = { netGrams, points: 0, uncappedPoints: 0 };
  if (netGrams < 0) return { ...nothing, outcome: 'negative-net', review: true };
  if (netGrams < category.minNetGrams) return { ...nothing, outcome: 'too-light', review: false };
  // Provisionally 0: a reviewer credits it later as a new ledger entry, never by editing this one.
  if (netGrams > category.maxNetGrams) return { ...nothing, outcome: 'too-heavy-review', review: true };

  const uncappedPoints = pointsForNet(netGrams, category.pointsPerKg, category.rounding);
  const capped = applyDailyCap(uncappedPoints, householdPointsToday, rules.dailyCapPointsPerHousehold);
  const base = { netGrams, points: capped.points, uncappedPoints, review: false };
  switch (capped.kind) {
    case 'within':
      return { ...base, outcome: 'credited' };
    case 'already-reached':
      return { ...base, outcome: 'capped' };
    case 'crossed':
      return { ...base, outcome: 'partially-capped' };
    default:
      return assertNever(capped, 'cap result');
  }
}

/**
 * Debounces card taps. Readers re-report a card resting on them every few
 * hundred ms, and residents tap twice when nothing seems to happen; neither
 * should start a second session. A tap within `ignoreMs` of the same card's
 * previous tap (ignored or not) is ignored, so a card left on the reader
 * stays one tap until it is lifted for `ignoreMs`.
 *
 * Pure: it reads no clock. Pass a monotonic time (`performance.now()`), so a
 * wall-clock step cannot lock a card out; a time earlier than the previous
 * one is treated as a new tap for the same reason. Build a new filter when
 * the rules change `repeatTapIgnoreMs`.
 */
export class RepeatTapFilter {
  readonly #lastTapMs = new Map<string, number>();

  constructor(readonly ignoreMs: number) {
    if (!Number.isSafeInteger(ignoreMs) || ignoreMs < 0)
      throw new RangeError(`ignoreMs must be a non-negative integer, got ${ignoreMs}`);
  }

  /** True when this tap of `cardKey` at `atMs` should be acted on. */
  accept(cardKey: string, atMs: number): boolean {
    this.#forgetOlderThan(atMs);
    const last = this.#lastTapMs.get(cardKey);
    this.#lastTapMs.set(cardKey, atMs);
    return last === undefined || atMs < last || atMs - last >= this.ignoreMs;
  }

  /** Cards remembered; stays small because expired ones are forgotten on each tap. */
  get size(): number {
    return this.#lastTapMs.size;
  }

  #forgetOlderThan(atMs: number): void {
    for (const [cardKey, last] of this.#lastTapMs)
      if (atMs - last >= this.ignoreMs) this.#lastTapMs.delete(cardKey);
  }
}
