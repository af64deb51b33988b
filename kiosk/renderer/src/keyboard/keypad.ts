/**
 * The on-screen keyboard's logic, kept apart from its look: layouts and the
 * effect of one key on the value being typed (application numbers, PINs).
 */
export type KeypadMode = 'digits' | 'text';

export type KeypadKey =
  | { kind: 'char'; char: string }
  | { kind: 'backspace' }
  | { kind: 'clear' }
  | { kind: 'space' }
  | { kind: 'done' };

const DIGIT_ROWS = ['123', '456', '789'];
const LETTER_ROWS = ['1234567890', 'QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

export function keypadRows(mode: KeypadMode): KeypadKey[][] {
  const chars = (row: string): KeypadKey[] => [...row].map((char) => ({ kind: 'char', char }));
  if (mode === 'digits') {
    return [
      ...DIGIT_ROWS.map(chars),
      [{ kind: 'clear' }, { kind: 'char', char: '0' }, { kind: 'backspace' }],
    ];
  }
  return [...LETTER_ROWS.map(chars), [{ kind: 'space' }, { kind: 'backspace' }, { kind: 'clear' }]];
}

export interface KeypadValue {
  value: string;
  maxLength: number;
}

/** The value after one key; `done` leaves it as is (the caller submits it). */
export function applyKey(current: KeypadValue, key: KeypadKey): string {
  switch (key.kind) {
    case 'char':
      return current.value.length < current.maxLength ? current.value + key.char : current.value;
    case 'space':
      return current.value.length < current.maxLength && current.value !== '' && !current.value.endsWith(' ')
        ? `${current.value} `
        : current.value;
    case 'backspace':
      return [...current.value].slice(0, -1).join('');
    case 'clear':
      return '';
    case 'done':
      return current.value;
  }
}

/** PINs and the like are shown as dots, never as digits. */
export function displayValue(value: string, masked: boolean): string {
  return masked ? '•'.repeat([...value].length) : value;
}
