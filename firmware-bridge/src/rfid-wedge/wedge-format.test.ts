import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { typedTextToUid, uidToTypedText, WEDGE_FORMATS } from './wedge-format.ts';

describe('wedge formats: typed text ↔ uid', () => {
  it.each([
    // PROTOCOLS.md §2: 13110988 = 0xC80ECC.
    ['decimal', '0013110988', '0000C80ECC'],
    ['decimal', '0003195556', '000030C2A4'],
    ['decimal', '4294967295', '00FFFFFFFF'],
    // 13 digits: a 40-bit number.
    ['decimal', '1099511627775', 'FFFFFFFFFF'],
    // 473670148 = 0x1C3BA204; lsb reverses the 4 bytes.
    ['decimal-lsb', '0473670148', '0004A23B1C'],
    ['hex', '04a23b1c', '04A23B1C'],
    ['hex', '0F0030C2A4', '0F0030C2A4'],
    ['hex-lsb', '1c3ba204', '04A23B1C'],
  ] as const)('%s: %s → %s', (format, typed, uid) => {
    expect(typedTextToUid(typed, format)).toEqual({ ok: true, uid });
  });

  it.each([
    ['decimal', '4294967296', /does not fit in 32 bits/],
    ['decimal', '12a4', /not 1–13 decimal digits/],
    ['decimal', '12345678901234', /not 1–13 decimal digits/],
    ['hex', '04a23', /even count/],
    ['hex', 'zz', /even count/],
  ] as const)('%s rejects %s as a value', (format, typed, reason) => {
    const result = typedTextToUid(typed, format);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('types what the golden examples say', () => {
    expect(uidToTypedText('0000C80ECC', 'decimal')).toBe('0013110988');
    expect(uidToTypedText('0004A23B1C', 'decimal-lsb')).toBe('0473670148');
    expect(uidToTypedText('04A23B1C', 'hex-lsb')).toBe('1c3ba204');
    expect(() => uidToTypedText('04A23B1C', 'decimal')).toThrow(RangeError);
  });

  it('encode∘decode is identity for every uid a format can carry', () => {
    // Top byte 00 (a 32-bit number) is the common case; draw it often.
    const uid10 = fc.oneof(fc.stringMatching(/^[0-9A-F]{10}$/), fc.stringMatching(/^00[0-9A-F]{8}$/));
    const uidHex = fc
      .uint8Array({ minLength: 1, maxLength: 10 })
      .map((bytes) => Buffer.from(bytes).toString('hex').toUpperCase());
    for (const format of WEDGE_FORMATS) {
      fc.assert(
        fc.property(format.startsWith('decimal') ? uid10 : uidHex, (uid) => {
          expect(typedTextToUid(uidToTypedText(uid, format), format)).toEqual({ ok: true, uid });
        }),
      );
    }
  });
});
