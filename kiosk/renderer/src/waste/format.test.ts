import { describe, expect, it } from 'vitest';
import { formatKg, formatSigned, secondsUntil } from './format.ts';

describe('formatKg', () => {
  it.each([
    [1250, '1.25'],
    [0, '0.00'],
    [5, '0.01'],
    [4, '0.00'],
    [40, '0.04'],
    [999, '1.00'],
    [1255, '1.26'],
    [30_000, '30.00'],
    [1_000_000, '1000.00'],
    [-40, '-0.04'],
    [-1250, '-1.25'],
  ])('%i g → %s kg', (grams, text) => {
    expect(formatKg(grams)).toBe(text);
  });
});

describe('formatSigned', () => {
  it('marks positive amounts with +', () => {
    expect(formatSigned(3)).toBe('+3');
    expect(formatSigned(-5)).toBe('-5');
    expect(formatSigned(0)).toBe('0');
  });
});

describe('secondsUntil', () => {
  const closesAt = 100_000;
  it('counts whole seconds, rounded up', () => {
    expect(secondsUntil(closesAt, 70_000)).toBe(30);
    expect(secondsUntil(closesAt, 70_001)).toBe(30);
    expect(secondsUntil(closesAt, 99_999)).toBe(1);
  });
  it('is 0 when due or past', () => {
    expect(secondsUntil(closesAt, 100_000)).toBe(0);
    expect(secondsUntil(closesAt, 160_000)).toBe(0);
  });
});
