import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NOTICE_MS,
  DEFAULT_TIMING,
  effectiveTiming,
  noticeMsFromQuery,
  timingFromQuery,
} from './query-settings.ts';

describe('timingFromQuery', () => {
  it('defaults to 60 s idle and a 10 s countdown', () => {
    expect(timingFromQuery('')).toEqual({ idleMs: 60_000, countdownMs: 10_000 });
  });
  it('reads seconds from idle and countdown', () => {
    expect(timingFromQuery('?idle=3&countdown=2')).toEqual({ idleMs: 3_000, countdownMs: 2_000 });
  });
  it.each(['?idle=0', '?idle=-5', '?idle=abc', '?idle=99999', '?idle='])('ignores %s', (search) => {
    expect(timingFromQuery(search).idleMs).toBe(DEFAULT_TIMING.idleMs);
  });
});

describe('effectiveTiming', () => {
  it('doubles both times in elderly mode', () => {
    expect(effectiveTiming(DEFAULT_TIMING, true)).toEqual({ idleMs: 120_000, countdownMs: 20_000 });
    expect(effectiveTiming(DEFAULT_TIMING, false)).toEqual(DEFAULT_TIMING);
  });
});

describe('noticeMsFromQuery', () => {
  it('defaults to 8 s and reads seconds from notice', () => {
    expect(noticeMsFromQuery('')).toBe(DEFAULT_NOTICE_MS);
    expect(noticeMsFromQuery('?idle=3&notice=60')).toBe(60_000);
    expect(noticeMsFromQuery('?notice=0')).toBe(DEFAULT_NOTICE_MS);
  });
});
