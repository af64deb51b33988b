import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { idNumberChecksum, isValidIdNumber, makeSyntheticIdNumber } from './id-number.ts';

describe('ID number check (ISO 7064 MOD 11-2)', () => {
  it('gives the check character of the GB 11643 example', () => {
    expect(idNumberChecksum('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('rejects wrong shapes', () => {
    expect(idNumberChecksum('1234')).toBeNull();
    for (const bad of [
      '',
      '11010519491231002',
      '11010519491231002XX',
      '1101051949123100AX',
      ' 11010519491231002X',
    ]) {
      expect(isValidIdNumber(bad)).toBe(false);
    }
  });

  it('synthetic numbers are valid, use the non-existent region 999999 and keep their parts', () => {
    const id = makeSyntheticIdNumber({ birth: '19800101', sequence: 1 });
    expect(id).toMatch(/^99999919800101001[\dX]$/);
    expect(isValidIdNumber(id)).toBe(true);
    expect(makeSyntheticIdNumber({ region: '990102', birth: '20000229', sequence: 42 }).slice(0, 17)).toBe(
      '99010220000229042',
    );
    expect(() => makeSyntheticIdNumber({ birth: '1980-01-01', sequence: 1 })).toThrow(RangeError);
    expect(() => makeSyntheticIdNumber({ birth: '19800101', sequence: 1000 })).toThrow(RangeError);
  });

  it('every synthetic number is valid and any single changed character makes it invalid', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.stringMatching(/^\d{8}$/),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (region, birth, sequence, position, shift) => {
          const id = makeSyntheticIdNumber({ region, birth, sequence });
          expect(isValidIdNumber(id)).toBe(true);
          const alphabet = position === 17 ? '0123456789X' : '0123456789';
          const index = alphabet.indexOf(id[position]!);
          const replaced = alphabet[(index + shift) % alphabet.length]!;
          if (replaced === id[position]) return;
          expect(isValidIdNumber(id.slice(0, position) + replaced + id.slice(position + 1))).toBe(false);
        },
      ),
    );
  });
});
