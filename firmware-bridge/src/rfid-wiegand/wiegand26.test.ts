import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeWiegand26,
  encodeWiegand26,
  parseWiegandUid,
  verifyWiegand26,
  wiegand26Bits,
  wiegandUid,
} from './wiegand26.ts';

/**
 * Golden words, derived by hand (see wiegand26.ts): bit 1 makes bits 1–13
 * even, bit 26 makes bits 14–26 odd.
 */
const GOLDEN = [
  // facility, card, bits 1..26, word, uid
  [123, 4567, '1' + '01111011' + '0001000111010111' + '0', 0x2f623ae, '7B11D7'],
  // One 1 in each half: bit 1 = 1 (to make two), bit 26 = 0 (one is already odd).
  [1, 1, '1' + '00000001' + '0000000000000001' + '0', 0x2020002, '010001'],
  // All zero: bit 26 = 1 so the second half is odd.
  [0, 0, '0' + '00000000' + '0000000000000000' + '1', 0x0000001, '000000'],
  // Twelve 1s in each half: bit 1 = 0, bit 26 = 1.
  [255, 65535, '0' + '11111111' + '1111111111111111' + '1', 0x1ffffff, 'FFFFFF'],
] as const;

describe('Wiegand-26 words', () => {
  it.each(GOLDEN)('facility %i card %i ↔ %s', (facility, card, bits, word, uid) => {
    expect(encodeWiegand26({ facility, card })).toBe(word);
    expect(wiegand26Bits(word)).toBe(bits);
    expect(decodeWiegand26(word)).toEqual({ ok: true, value: { facility, card } });
    expect(wiegandUid({ facility, card })).toBe(uid);
    expect(parseWiegandUid(uid)).toEqual({ facility, card });
  });

  it('names the parity that fails', () => {
    const word = 0x2f623ae;
    expect(decodeWiegand26(word ^ (1 << 25))).toMatchObject({ ok: false, error: { code: 'even-parity' } });
    expect(decodeWiegand26(word ^ (1 << 20))).toMatchObject({ ok: false, error: { code: 'even-parity' } }); // bit 6
    expect(decodeWiegand26(word ^ (1 << 5))).toMatchObject({ ok: false, error: { code: 'odd-parity' } }); // bit 21
    expect(decodeWiegand26(word ^ 1)).toMatchObject({ ok: false, error: { code: 'odd-parity' } });
    expect(decodeWiegand26(1 << 26)).toMatchObject({ ok: false, error: { code: 'out-of-range' } });
  });

  it('refuses out-of-range facility codes and card numbers', () => {
    expect(() => encodeWiegand26({ facility: 256, card: 0 })).toThrow(RangeError);
    expect(() => encodeWiegand26({ facility: 0, card: 65536 })).toThrow(RangeError);
    expect(() => encodeWiegand26({ facility: 1.5, card: 0 })).toThrow(RangeError);
  });

  it('encode∘decode is identity, and every single-bit error is caught', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 65535 }),
        fc.integer({ min: 0, max: 25 }),
        (facility, card, flip) => {
          const word = encodeWiegand26({ facility, card });
          expect(verifyWiegand26(word)).toBe(true);
          expect(decodeWiegand26(word)).toEqual({ ok: true, value: { facility, card } });
          expect(verifyWiegand26(word ^ (1 << flip))).toBe(false);
        },
      ),
    );
  });
});
