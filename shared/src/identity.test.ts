import { describe, expect, it } from 'vitest';
import {
  cardKey,
  idNumberCheckChar,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  residentKey,
  syntheticIdNumber,
} from './identity.ts';

const KEY = Buffer.from('test-district-key');

describe('identity helpers', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // The national standard's worked example (GB 11643 annex): 11010519491231002X.
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('1101051949123100')).toBe(false);
  });

  it('makes synthetic numbers that pass the checksum and sit in a non-existent region', () => {
    for (let i = 0; i < 50; i++) {
      const id = syntheticIdNumber(i, '19800229');
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.startsWith('999999')).toBe(true);
    }
  });

  it('masks names and ID numbers for display', () => {
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳小明')).toBe('欧**明');
    expect(maskIdNumber('320102199001011234')).toBe('320102********1234');
  });

  it('derives stable, distinct keys that do not contain the raw value', () => {
    const id = syntheticIdNumber(7);
    expect(residentKey(KEY, id)).toBe(residentKey(KEY, id.toLowerCase()));
    expect(residentKey(KEY, id)).not.toContain(id);
    expect(cardKey(KEY, '0f0030c2a4')).toBe(cardKey(KEY, '0F0030C2A4'));
    expect(cardKey(KEY, '0F0030C2A4')).not.toBe(cardKey(Buffer.from('other'), '0F0030C2A4'));
    expect(cardKey(KEY, '0F0030C2A4')).toMatch(/^[0-9a-f]{64}$/);
  });
});
