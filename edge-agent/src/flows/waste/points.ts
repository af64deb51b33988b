import { assertNever } from '@yaofang/shared';
import type { RoundingMode } from '@yaofang/shared/waste';

/**
 * Points arithmetic (垃圾分类积分), in integers only: in floats 290 g at
 * 100 points/kg is 0.29 × 100 = 28.999999999999996, which floors a resident's
 * point away; and the central platform must recompute exactly the same number.
 */

const GRAMS_PER_KG = 1000;

/**
 * `pointsPerKg × netGrams / 1000`, settled by `rounding` (`round` is half up).
 * Only for a non-negative net: negative drops never reach the points step.
 */
export function pointsForNet(netGrams: number, pointsPerKg: number, rounding: RoundingMode): number {
  if (!Number.isSafeInteger(netGrams) || netGrams < 0)
    throw new RangeError(`netGrams must be a non-negative integer, got ${netGrams}`);
  if (!Number.isSafeInteger(pointsPerKg) || pointsPerKg < 0)
    throw new RangeError(`pointsPerKg must be a non-negative integer, got ${pointsPerKg}`);
  const milliPoints = pointsPerKg * netGrams;
  if (!Number.isSafeInteger(milliPoints))
    throw new RangeError(`points overflow: ${pointsPerKg} × ${netGrams}`);
  const remainder = milliPoints % GRAMS_PER_KG;
  // Exact: the numerator is a multiple of 1000.
  const whole = (milliPoints - remainder) / GRAMS_PER_KG;
  switch (rounding) {
    case 'floor':
      return whole;
    case 'ceil':
      return remainder > 0 ? whole + 1 : whole;
    case 'round':
      return remainder * 2 >= GRAMS_PER_KG ? whole + 1 : whole;
    default:
      return assertNever(rounding, 'rounding mode');
  }
}

export type CapResult =
  | { kind: 'within'; points: number }
  | { kind: 'already-reached'; points: 0 }
  /** The cap is reached mid-drop: `points` is what was left under it. */
  | { kind: 'crossed'; points: number };

/**
 * Apply the household's daily cap. `pointsToday` may exceed the cap (the cap
 * was lowered by new rules during the day); that counts as reached.
 */
export function applyDailyCap(points: number, pointsToday: number, cap: number): CapResult {
  const remaining = Math.max(0, cap - pointsToday);
  if (remaining === 0) return { kind: 'already-reached', points: 0 };
  if (points > remaining) return { kind: 'crossed', points: remaining };
  return { kind: 'within', points };
}
