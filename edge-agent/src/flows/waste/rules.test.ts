import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WASTE_RULES,
  ROUNDING_MODES,
  type WasteCategory,
  type WasteRules,
} from '@yaofang/shared/waste';
import { assessDrop, RepeatTapFilter } from './rules.ts';

const rules = DEFAULT_WASTE_RULES;
/** A kitchen drop of `net` grams onto a bin already holding 10 kg. */
const kitchen = (net: number, householdPointsToday = 0) =>
  assessDrop(rules, {
    category: 'kitchen',
    grossBeforeGrams: 10_000,
    grossAfterGrams: 10_000 + net,
    householdPointsToday,
  });

describe('assessDrop: weight', () => {
  it('credits 1250 g of kitchen waste at 2/kg, floored', () => {
    expect(kitchen(1250)).toEqual({
      outcome: 'credited',
      netGrams: 1250,
      points: 2,
      uncappedPoints: 2,
      review: false,
    });
  });

  it('flags a negative net (something taken out, or drift) with 0 points', () => {
    expect(kitchen(-1)).toEqual({
      outcome: 'negative-net',
      netGrams: -1,
      points: 0,
      uncappedPoints: 0,
      review: true,
    });
  });

  it('treats a zero net as too light', () => {
    expect(kitchen(0)).toMatchObject({ outcome: 'too-light', netGrams: 0, points: 0, review: false });
  });

  it('credits exactly the minimum, not one gram less', () => {
    expect(kitchen(49)).toMatchObject({ outcome: 'too-light', points: 0 });
    // 50 g earns 0.1 points, floored to 0, but it is still a credited drop.
    expect(kitchen(50)).toMatchObject({ outcome: 'credited', points: 0 });
  });

  it('credits exactly the maximum; one gram more goes to review with 0 provisional points', () => {
    expect(kitchen(30_000)).toMatchObject({ outcome: 'credited', points: 60, review: false });
    expect(kitchen(30_001)).toEqual({
      outcome: 'too-heavy-review',
      netGrams: 30_001,
      points: 0,
      uncappedPoints: 0,
      review: true,
    });
  });

  it("uses the drop's category: points, rounding and limits", () => {
    const at = (category: WasteCategory) =>
      assessDrop(rules, { category, grossBeforeGrams: 0, grossAfterGrams: 1250, householdPointsToday: 0 })
        .points;
    expect([at('kitchen'), at('recyclable'), at('hazardous'), at('other')]).toEqual([2, 6, 12, 1]);
    const rounded: WasteRules = {
      ...rules,
      categories: { ...rules.categories, kitchen: { ...rules.categories.kitchen, rounding: 'round' } },
    };
    expect(
      assessDrop(rounded, {
        category: 'kitchen',
        grossBeforeGrams: 0,
        grossAfterGrams: 1250,
        householdPointsToday: 0,
      }),
    ).toMatchObject({ outcome: 'credited', points: 3 });
  });

  it('refuses non-integer readings: a scale reports whole grams', () => {
    expect(() =>
      assessDrop(rules, {
        category: 'other',
        grossBeforeGrams: 0.5,
        grossAfterGrams: 100,
        householdPointsToday: 0,
      }),
    ).toThrow(RangeError);
    expect(() =>
      assessDrop(rules, {
        category: 'other',
        grossBeforeGrams: 0,
        grossAfterGrams: 100,
        householdPointsToday: -1,
      }),
    ).toThrow(RangeError);
  });
});

describe('assessDrop: the daily household cap (200)', () => {
  // 5 kg of kitchen waste earns 10 points.
  it('credits a drop that reaches the cap exactly', () => {
    expect(kitchen(5000, 190)).toMatchObject({ outcome: 'credited', points: 10, uncappedPoints: 10 });
  });

  it('credits the remainder when the cap is reached mid-drop', () => {
    expect(kitchen(5000, 197)).toMatchObject({ outcome: 'partially-capped', points: 3, uncappedPoints: 10 });
  });

  it('credits nothing once the cap is reached', () => {
    expect(kitchen(5000, 200)).toMatchObject({
      outcome: 'capped',
      points: 0,
      uncappedPoints: 10,
      review: false,
    });
  });

  it('reports weight problems before the cap', () => {
    expect(kitchen(10, 200)).toMatchObject({ outcome: 'too-light' });
    expect(kitchen(-10, 200)).toMatchObject({ outcome: 'negative-net' });
    expect(kitchen(40_000, 200)).toMatchObject({ outcome: 'too-heavy-review' });
  });
});

describe('assessDrop properties', () => {
  const rulesArb = fc
    .record({
      pointsPerKg: fc.integer({ min: 0, max: 100 }),
      rounding: fc.constantFrom(...ROUNDING_MODES),
      minNetGrams: fc.integer({ min: 1, max: 1000 }),
      extra: fc.integer({ min: 0, max: 50_000 }),
      cap: fc.integer({ min: 0, max: 500 }),
    })
    .map(({ pointsPerKg, rounding, minNetGrams, extra, cap }): WasteRules => ({
      ...rules,
      dailyCapPointsPerHousehold: cap,
      categories: {
        ...rules.categories,
        recyclable: {
          ...rules.categories.recyclable,
          pointsPerKg,
          rounding,
          minNetGrams,
          maxNetGrams: minNetGrams + extra,
        },
      },
    }));
  const gross = fc.integer({ min: -500, max: 100_000 });
  const today = fc.integer({ min: 0, max: 600 });
  const assess = (r: WasteRules, before: number, after: number, pointsToday: number) =>
    assessDrop(r, {
      category: 'recyclable',
      grossBeforeGrams: before,
      grossAfterGrams: after,
      householdPointsToday: pointsToday,
    });

  it('never gives negative points, nor more than is left under the cap', () => {
    fc.assert(
      fc.property(rulesArb, gross, gross, today, (r, before, after, pointsToday) => {
        const result = assess(r, before, after, pointsToday);
        expect(result.points).toBeGreaterThanOrEqual(0);
        expect(result.points).toBeLessThanOrEqual(Math.max(0, r.dailyCapPointsPerHousehold - pointsToday));
        expect(result.points).toBeLessThanOrEqual(result.uncappedPoints);
        expect(Number.isInteger(result.points)).toBe(true);
      }),
    );
  });

  it('gives no fewer points for a heavier drop within the credited range', () => {
    fc.assert(
      fc.property(rulesArb, fc.nat(), fc.nat(), today, (r, x, y, pointsToday) => {
        const { minNetGrams, maxNetGrams } = r.categories.recyclable;
        const span = maxNetGrams - minNetGrams + 1;
        const [light, heavy] = [minNetGrams + (x % span), minNetGrams + (y % span)].sort((a, b) => a - b) as [
          number,
          number,
        ];
        expect(assess(r, 0, light, pointsToday).points).toBeLessThanOrEqual(
          assess(r, 0, heavy, pointsToday).points,
        );
      }),
    );
  });

  it('credits points only for credited and partially-capped drops', () => {
    fc.assert(
      fc.property(rulesArb, gross, gross, today, (r, before, after, pointsToday) => {
        const result = assess(r, before, after, pointsToday);
        if (result.points > 0) expect(['credited', 'partially-capped']).toContain(result.outcome);
        expect(result.netGrams).toBe(after - before);
      }),
    );
  });
});

describe('RepeatTapFilter (3000 ms)', () => {
  const card = 'c'.repeat(64);
  const other = 'd'.repeat(64);

  it('accepts the first tap and ignores the same card within the window', () => {
    const filter = new RepeatTapFilter(3000);
    expect(filter.accept(card, 10_000)).toBe(true);
    expect(filter.accept(card, 10_001)).toBe(false);
    expect(filter.accept(card, 12_999)).toBe(false);
  });

  it('accepts the same card again once the window has passed since its last tap', () => {
    const filter = new RepeatTapFilter(3000);
    expect(filter.accept(card, 10_000)).toBe(true);
    expect(filter.accept(card, 13_000)).toBe(true);
  });

  it('keeps a card resting on the reader as one tap until it is lifted for the window', () => {
    const filter = new RepeatTapFilter(3000);
    expect(filter.accept(card, 0)).toBe(true);
    for (let at = 500; at <= 10_000; at += 500) expect(filter.accept(card, at)).toBe(false);
    expect(filter.accept(card, 12_999)).toBe(false);
    expect(filter.accept(card, 16_000)).toBe(true);
  });

  it('does not hold back a different card', () => {
    const filter = new RepeatTapFilter(3000);
    expect(filter.accept(card, 10_000)).toBe(true);
    expect(filter.accept(other, 10_100)).toBe(true);
    expect(filter.accept(card, 10_200)).toBe(false);
  });

  it('treats a time earlier than the previous tap as a new tap', () => {
    const filter = new RepeatTapFilter(3000);
    expect(filter.accept(card, 10_000)).toBe(true);
    expect(filter.accept(card, 5_000)).toBe(true);
  });

  it('with 0 ms, accepts every tap', () => {
    const filter = new RepeatTapFilter(0);
    expect(filter.accept(card, 1)).toBe(true);
    expect(filter.accept(card, 1)).toBe(true);
  });

  it('forgets expired cards, so memory stays bounded', () => {
    const filter = new RepeatTapFilter(3000);
    for (let i = 0; i < 100; i++) filter.accept(`card-${i}`, i * 5000);
    expect(filter.size).toBe(1);
  });

  it('refuses a negative or fractional window', () => {
    expect(() => new RepeatTapFilter(-1)).toThrow(RangeError);
    expect(() => new RepeatTapFilter(1.5)).toThrow(RangeError);
  });
});
