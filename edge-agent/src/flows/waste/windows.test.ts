import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WASTE_RULES, type WasteRules } from '@yaofang/shared/waste';
import { categoryState, isOpen, localClockText, localDay, nextOpening } from './windows.ts';

const rules = DEFAULT_WASTE_RULES;
/** Epoch ms of a Beijing-time (UTC+8) wall clock reading. */
const bj = (local: string) => Date.parse(`${local}+08:00`);
const healthy = { fillPercent: 10, alarm: null };

function withKitchenWindows(windows: WasteRules['categories']['kitchen']['windows']): WasteRules {
  return {
    ...rules,
    categories: { ...rules.categories, kitchen: { ...rules.categories.kitchen, windows } },
  };
}

describe('isOpen at the edges of a window (UTC+8)', () => {
  it.each([
    ['2025-03-01T06:59:59', false],
    ['2025-03-01T07:00:00', true],
    ['2025-03-01T08:59:59', true],
    ['2025-03-01T08:59:59.999', true],
    ['2025-03-01T09:00:00', false],
    ['2025-03-01T17:59:59', false],
    ['2025-03-01T18:00:00', true],
    ['2025-03-01T19:59:59', true],
    ['2025-03-01T20:00:00', false],
    ['2025-03-01T00:00:00', false],
  ])('kitchen at %s local is open: %s', (local, open) => {
    expect(isOpen(rules, 'kitchen', bj(local))).toBe(open);
  });

  it('uses the rules offset, not UTC: 07:30 local is 23:30 UTC the day before', () => {
    const at = Date.parse('2025-02-28T23:30:00Z');
    expect(isOpen(rules, 'kitchen', at)).toBe(true);
    expect(isOpen({ ...rules, timezoneOffsetMinutes: 0 }, 'kitchen', at)).toBe(false);
  });

  it('keeps all-day categories open around the clock', () => {
    for (const local of ['2025-03-01T00:00:00', '2025-03-01T03:17:00', '2025-03-01T23:59:59.999'])
      expect(isOpen(rules, 'recyclable', bj(local))).toBe(true);
  });

  it("treats '24:00' as the end of the day", () => {
    const late = withKitchenWindows([{ from: '22:00', to: '24:00' }]);
    expect(isOpen(late, 'kitchen', bj('2025-03-01T23:59:59'))).toBe(true);
    expect(isOpen(late, 'kitchen', bj('2025-03-02T00:00:00'))).toBe(false);
    expect(isOpen(late, 'kitchen', bj('2025-03-01T21:59:59'))).toBe(false);
  });
});

describe('nextOpening', () => {
  it('is the next window start later today', () => {
    expect(nextOpening(rules, 'kitchen', bj('2025-03-01T06:00:00'))).toBe(bj('2025-03-01T07:00:00'));
    expect(nextOpening(rules, 'kitchen', bj('2025-03-01T09:00:00'))).toBe(bj('2025-03-01T18:00:00'));
  });

  it('is the start itself when asked exactly at it', () => {
    expect(nextOpening(rules, 'kitchen', bj('2025-03-01T18:00:00'))).toBe(bj('2025-03-01T18:00:00'));
  });

  it('crosses local midnight to tomorrow morning', () => {
    expect(nextOpening(rules, 'kitchen', bj('2025-03-01T20:00:00'))).toBe(bj('2025-03-02T07:00:00'));
    expect(nextOpening(rules, 'kitchen', bj('2025-03-01T23:59:59'))).toBe(bj('2025-03-02T07:00:00'));
    expect(nextOpening(rules, 'kitchen', bj('2025-03-02T00:00:00'))).toBe(bj('2025-03-02T07:00:00'));
  });

  it('crosses month, leap-day and year ends', () => {
    expect(nextOpening(rules, 'other', bj('2024-02-28T21:00:00'))).toBe(bj('2024-02-29T07:00:00'));
    expect(nextOpening(rules, 'other', bj('2025-02-28T21:00:00'))).toBe(bj('2025-03-01T07:00:00'));
    expect(nextOpening(rules, 'other', bj('2025-12-31T20:30:00'))).toBe(bj('2026-01-01T07:00:00'));
  });

  it('is a day away when the only window has just started', () => {
    const once = withKitchenWindows([{ from: '07:00', to: '09:00' }]);
    expect(nextOpening(once, 'kitchen', bj('2025-03-01T07:00:00.001'))).toBe(bj('2025-03-02T07:00:00'));
  });

  it('finds the earliest start whatever order the windows are listed in', () => {
    const unsorted = withKitchenWindows([
      { from: '18:00', to: '20:00' },
      { from: '07:00', to: '09:00' },
    ]);
    expect(nextOpening(unsorted, 'kitchen', bj('2025-03-01T05:00:00'))).toBe(bj('2025-03-01T07:00:00'));
  });

  it('is null for an all-day category: it never opens because it never closes', () => {
    expect(nextOpening(rules, 'hazardous', bj('2025-03-01T12:00:00'))).toBeNull();
  });

  it('works for offsets west of UTC and for times before 1970', () => {
    const west = { ...rules, timezoneOffsetMinutes: -300 };
    expect(nextOpening(west, 'kitchen', Date.parse('2025-03-01T21:00:00-05:00'))).toBe(
      Date.parse('2025-03-02T07:00:00-05:00'),
    );
    expect(nextOpening(rules, 'kitchen', bj('1969-12-31T10:00:00'))).toBe(bj('1969-12-31T18:00:00'));
  });
});

describe('categoryState', () => {
  it('is open inside a window', () => {
    expect(categoryState(rules, 'kitchen', bj('2025-03-01T07:00:00'), healthy)).toEqual({ state: 'open' });
  });

  it('is closed until the next window, with its local time', () => {
    expect(categoryState(rules, 'kitchen', bj('2025-03-01T09:00:00'), healthy)).toEqual({
      state: 'closed-until',
      opensAt: bj('2025-03-01T18:00:00'),
      opensAtLocal: '18:00',
    });
    expect(categoryState(rules, 'other', bj('2025-03-01T22:00:00'), healthy)).toEqual({
      state: 'closed-until',
      opensAt: bj('2025-03-02T07:00:00'),
      opensAtLocal: '07:00',
    });
  });

  it('is full exactly at the threshold, not one percent below', () => {
    const at = bj('2025-03-01T07:30:00');
    expect(categoryState(rules, 'kitchen', at, { fillPercent: 89, alarm: null })).toEqual({ state: 'open' });
    expect(categoryState(rules, 'kitchen', at, { fillPercent: 89.9, alarm: null })).toEqual({
      state: 'open',
    });
    expect(categoryState(rules, 'kitchen', at, { fillPercent: 90, alarm: null })).toEqual({ state: 'full' });
    expect(categoryState(rules, 'kitchen', at, { fillPercent: 100, alarm: null })).toEqual({ state: 'full' });
  });

  it('reports full over closed', () => {
    expect(
      categoryState(rules, 'kitchen', bj('2025-03-01T12:00:00'), { fillPercent: 95, alarm: null }),
    ).toEqual({ state: 'full' });
  });

  it('reports a fault over full and over closed', () => {
    const fault = { state: 'fault', reason: 'lid-jammed' };
    expect(
      categoryState(rules, 'kitchen', bj('2025-03-01T07:30:00'), { fillPercent: 100, alarm: 'lid-jammed' }),
    ).toEqual(fault);
    expect(
      categoryState(rules, 'kitchen', bj('2025-03-01T12:00:00'), { fillPercent: 0, alarm: 'lid-jammed' }),
    ).toEqual(fault);
  });
});

describe('local calendar helpers', () => {
  it('puts 23:59 and 00:00 local on different days, whatever the UTC date', () => {
    expect(localDay(rules, bj('2025-03-01T23:59:59'))).toBe('2025-03-01');
    expect(localDay(rules, bj('2025-03-02T00:00:00'))).toBe('2025-03-02');
    // 07:00 Beijing is still the previous day in UTC.
    expect(localDay(rules, Date.parse('2025-03-01T23:00:00Z'))).toBe('2025-03-02');
  });

  it('formats local wall-clock time', () => {
    expect(localClockText(rules, bj('2025-03-01T08:59:59'))).toBe('08:59');
    expect(localClockText(rules, Date.parse('2025-03-01T16:05:00Z'))).toBe('00:05');
  });
});

describe('window properties', () => {
  const DAY_MS = 86_400_000;
  const instant = fc.integer({
    min: Date.parse('2000-01-01T00:00:00Z'),
    max: Date.parse('2100-01-01T00:00:00Z'),
  });
  const offset = fc.integer({ min: -720, max: 840 });

  it('the next opening is within a day, open, and closed just before (defaults)', () => {
    fc.assert(
      fc.property(instant, offset, (at, timezoneOffsetMinutes) => {
        const shifted = { ...rules, timezoneOffsetMinutes };
        const opensAt = nextOpening(shifted, 'kitchen', at);
        expect(opensAt).not.toBeNull();
        if (opensAt === null) return;
        expect(opensAt).toBeGreaterThanOrEqual(at);
        expect(opensAt - at).toBeLessThan(DAY_MS);
        expect(isOpen(shifted, 'kitchen', opensAt)).toBe(true);
        expect(isOpen(shifted, 'kitchen', opensAt - 1)).toBe(false);
      }),
    );
  });

  it('a closed category stays closed until its next opening', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: DAY_MS }), (at, probe) => {
        const opensAt = nextOpening(rules, 'other', at);
        if (opensAt === null || isOpen(rules, 'other', at)) return;
        const between = at + (probe % Math.max(1, opensAt - at));
        expect(isOpen(rules, 'other', between)).toBe(false);
      }),
    );
  });
});
