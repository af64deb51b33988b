import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NET_GRAMS_LIMIT, MAX_POINTS_PER_KG, ROUNDING_MODES } from '@yaofang/shared/waste';
import { applyDailyCap, pointsForNet } from './points.ts';

describe('pointsForNet', () => {
  it.each([
    // grams, points/kg, floor, round, ceil
    [1250, 2, 2, 3, 3], // 2.5: round is half up
    [1249, 2, 2, 2, 3], // 2.498
    [1000, 2, 2, 2, 2], // exact: no rounding at all
    [1001, 2, 2, 2, 3], // 2.002: ceil takes any fraction
    [50, 2, 0, 0, 1], // 0.1
    [250, 2, 0, 1, 1], // 0.5
    [290, 100, 29, 29, 29], // 0.29 × 100 is 28.999999999999996 in floats
    [30_000, 10, 300, 300, 300],
    [0, 5, 0, 0, 0],
  ])('%i g at %i/kg: floor %i, round %i, ceil %i', (grams, perKg, floor, round, ceil) => {
    expect(pointsForNet(grams, perKg, 'floor')).toBe(floor);
    expect(pointsForNet(grams, perKg, 'round')).toBe(round);
    expect(pointsForNet(grams, perKg, 'ceil')).toBe(ceil);
  });

  it('gives 0 at 0 points/kg', () => {
    expect(pointsForNet(30_000, 0, 'ceil')).toBe(0);
  });

  it('refuses what the scale never reports: negative or fractional grams', () => {
    expect(() => pointsForNet(-1, 2, 'floor')).toThrow(RangeError);
    expect(() => pointsForNet(12.5, 2, 'floor')).toThrow(RangeError);
    expect(() => pointsForNet(100, 1.5, 'floor')).toThrow(RangeError);
  });

  it('is exact at the largest values the rules allow', () => {
    expect(pointsForNet(MAX_NET_GRAMS_LIMIT, MAX_POINTS_PER_KG, 'floor')).toBe(10_000_000);
    expect(pointsForNet(MAX_NET_GRAMS_LIMIT - 1, MAX_POINTS_PER_KG, 'floor')).toBe(9_999_990);
  });

  const grams = fc.integer({ min: 0, max: MAX_NET_GRAMS_LIMIT });
  const perKg = fc.integer({ min: 0, max: MAX_POINTS_PER_KG });
  const rounding = fc.constantFrom(...ROUNDING_MODES);

  it('agrees with exact rational arithmetic (BigInt)', () => {
    fc.assert(
      fc.property(grams, perKg, rounding, (g, p, mode) => {
        const milli = BigInt(g) * BigInt(p);
        const floor = milli / 1000n;
        const rest = milli % 1000n;
        const expected =
          mode === 'floor' ? floor : mode === 'ceil' ? floor + (rest > 0n ? 1n : 0n) : (milli + 500n) / 1000n;
        expect(pointsForNet(g, p, mode)).toBe(Number(expected));
      }),
    );
  });

  it('is never negative, ordered floor ≤ round ≤ ceil ≤ floor + 1, and monotonic in grams', () => {
    fc.assert(
      fc.property(grams, grams, perKg, rounding, (a, b, p, mode) => {
        const floor = pointsForNet(a, p, 'floor');
        const round = pointsForNet(a, p, 'round');
        const ceil = pointsForNet(a, p, 'ceil');
        expect(floor).toBeGreaterThanOrEqual(0);
        expect(floor <= round && round <= ceil && ceil <= floor + 1).toBe(true);
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(pointsForNet(low, p, mode)).toBeLessThanOrEqual(pointsForNet(high, p, mode));
      }),
    );
  });
});

describe('applyDailyCap', () => {
  it('lets a drop reach the cap exactly', () => {
    expect(applyDailyCap(10, 190, 200)).toEqual({ kind: 'within', points: 10 });
  });

  it('gives the remainder when the cap is reached mid-drop', () => {
    expect(applyDailyCap(10, 195, 200)).toEqual({ kind: 'crossed', points: 5 });
    expect(applyDailyCap(10, 199, 200)).toEqual({ kind: 'crossed', points: 1 });
  });

  it('gives nothing once the cap is reached, or passed after the cap was lowered', () => {
    expect(applyDailyCap(10, 200, 200)).toEqual({ kind: 'already-reached', points: 0 });
    expect(applyDailyCap(0, 200, 200)).toEqual({ kind: 'already-reached', points: 0 });
    expect(applyDailyCap(10, 250, 200)).toEqual({ kind: 'already-reached', points: 0 });
  });

  it('with a cap of 0, credits nothing', () => {
    expect(applyDailyCap(10, 0, 0)).toEqual({ kind: 'already-reached', points: 0 });
  });
});
