import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextStability, type StabilityState } from './stability.ts';

const options = { frames: 3, windowMs: 200 };
const fold = (readings: Array<[number, number]>, opts = options) => {
  let state: StabilityState | null = null;
  const out: boolean[] = [];
  for (const [grams, at] of readings) {
    state = nextStability(state, { grams, overload: false }, at, opts);
    out.push(state?.stable ?? false);
  }
  return out;
};

describe('inferred stability', () => {
  it('is stable only once the same reading has lasted both the frame count and the window', () => {
    expect(
      fold([
        [1000, 0],
        [1000, 100],
        [1000, 150],
        [1000, 200],
        [1000, 250],
      ]),
    ).toEqual([false, false, false, true, true]);
  });

  it('enough time but too few frames is not stable', () => {
    expect(
      fold([
        [1000, 0],
        [1000, 5000],
      ]),
    ).toEqual([false, false]);
  });

  it('a changed reading restarts the run', () => {
    expect(
      fold([
        [1000, 0],
        [1000, 100],
        [1000, 200],
        [1010, 300],
        [1010, 400],
        [1010, 500],
      ]),
    ).toEqual([false, false, true, false, false, true]);
  });

  it('tolerance treats small wobble as the same reading', () => {
    const opts = { ...options, toleranceGrams: 10 };
    expect(
      fold(
        [
          [1000, 0],
          [1010, 100],
          [990, 200],
        ],
        opts,
      ),
    ).toEqual([false, false, true]);
  });

  it('an out-of-range reading is never stable and breaks the run', () => {
    const state = nextStability(
      { grams: 0, since: 0, frames: 10, stable: true },
      { grams: 0, overload: true },
      1000,
      options,
    );
    expect(state).toBeNull();
  });

  it('a reading sequence that never repeats is never stable', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 50 }), (values) => {
        expect(fold(values.map((g, i) => [g, i * 1000])).some(Boolean)).toBe(false);
      }),
    );
  });
});
