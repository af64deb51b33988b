import { describe, expect, it } from 'vitest';
import { applyKey, displayValue, keypadRows } from './keypad.ts';

describe('keypadRows', () => {
  it('lays out digits as a phone keypad with clear and backspace', () => {
    const rows = keypadRows('digits');
    expect(rows.map((row) => row.length)).toEqual([3, 3, 3, 3]);
    expect(rows[3]).toEqual([{ kind: 'clear' }, { kind: 'char', char: '0' }, { kind: 'backspace' }]);
  });
  it('offers digits and capital letters in text mode', () => {
    const chars = keypadRows('text')
      .flat()
      .flatMap((k) => (k.kind === 'char' ? [k.char] : []));
    expect(chars).toHaveLength(36);
  });
});

describe('applyKey', () => {
  const at = (value: string, maxLength = 6) => ({ value, maxLength });
  it('appends until the maximum length', () => {
    expect(applyKey(at('12'), { kind: 'char', char: '3' })).toBe('123');
    expect(applyKey(at('123456'), { kind: 'char', char: '7' })).toBe('123456');
  });
  it('deletes one character, or everything', () => {
    expect(applyKey(at('123'), { kind: 'backspace' })).toBe('12');
    expect(applyKey(at(''), { kind: 'backspace' })).toBe('');
    expect(applyKey(at('123'), { kind: 'clear' })).toBe('');
  });
  it('adds no leading or double spaces', () => {
    expect(applyKey(at(''), { kind: 'space' })).toBe('');
    expect(applyKey(at('AB'), { kind: 'space' })).toBe('AB ');
    expect(applyKey(at('AB '), { kind: 'space' })).toBe('AB ');
  });
  it('leaves the value alone on done', () => {
    expect(applyKey(at('42'), { kind: 'done' })).toBe('42');
  });
});

describe('displayValue', () => {
  it('masks a PIN', () => {
    expect(displayValue('1234', true)).toBe('••••');
    expect(displayValue('A12', false)).toBe('A12');
  });
});
