import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaled, gramsToScaled, parseDecimalGrams, scaledToGrams, xorNibbles } from './weight.ts';

describe('exact decimal ↔ gram arithmetic', () => {
  it('parses display text into grams without floating-point error', () => {
    expect(parseDecimalGrams('0.3', 3)).toBe(300);
    expect(parseDecimalGrams('-0012.34', 3)).toBe(-12340);
    expect(parseDecimalGrams(' 004.139', 3)).toBe(4139);
    expect(parseDecimalGrams('1.005', 3)).toBe(1005); // 1.005 * 1000 = 1004.9999999999999 in floats
    expect(parseDecimalGrams('-0.000', 3)).toBe(0);
    expect(Object.is(parseDecimalGrams('-0.000', 3), -0)).toBe(false);
    expect(parseDecimalGrams('12a', 3)).toBeNull();
    expect(parseDecimalGrams('', 3)).toBeNull();
  });

  it('rounds finer-than-gram displays half away from zero', () => {
    expect(scaledToGrams(15, 4, 3)).toBe(2); // 0.0015 kg
    expect(scaledToGrams(14, 4, 3)).toBe(1);
    expect(scaledToGrams(15, 4, 3, true)).toBe(-2);
    expect(gramsToScaled(1255, 2, 3)).toBe(126);
    expect(gramsToScaled(-1255, 2, 3)).toBe(-126);
  });

  it('formats scaled integers with the point in place', () => {
    expect(formatScaled(1234, 2)).toBe('12.34');
    expect(formatScaled(5, 3)).toBe('0.005');
    expect(formatScaled(-7, 0)).toBe('7');
  });

  it('Yaohua checksum nibbles: 0x1B → "1B"', () => {
    expect(Buffer.from(xorNibbles(Buffer.from('+0015602', 'latin1'))).toString('latin1')).toBe('1B');
  });

  it('format then parse is the identity on grams at gram resolution', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 3, max: 5 }), (grams, decimals) => {
        const scaled = gramsToScaled(grams, decimals, 3);
        const text = (scaled < 0 ? '-' : '') + formatScaled(scaled, decimals);
        expect(parseDecimalGrams(text, 3)).toBe(grams);
      }),
    );
  });
});
