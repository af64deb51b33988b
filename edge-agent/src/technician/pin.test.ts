import { describe, expect, it } from 'vitest';
import { hashPin, parsePinHash, verifyPinAsync } from './pin.ts';

describe('technician PIN hashes', () => {
  const stored = hashPin('482913');

  it('accepts the PIN it was made from and nothing else', async () => {
    const parsed = parsePinHash(stored);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(await verifyPinAsync('482913', parsed.value)).toBe(true);
    expect(await verifyPinAsync('482914', parsed.value)).toBe(false);
    expect(await verifyPinAsync('', parsed.value)).toBe(false);
    expect(await verifyPinAsync('482913 ', parsed.value)).toBe(false);
  });

  it('never stores the PIN itself, and salts each hash', () => {
    expect(stored).not.toContain('482913');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(hashPin('482913')).not.toBe(stored);
  });

  it('refuses to hash something that is not 4–8 digits', () => {
    for (const bad of ['123', '123456789', '12a4', ' 1234'])
      expect(() => hashPin(bad)).toThrow(/4 to 8 digits/);
  });

  it('says what is wrong with a malformed stored hash and how to make one', () => {
    const cases = [
      ['482913', /not a PIN hash/],
      ['scrypt$1000$8$1$c2FsdHNhbHQ=$aGFzaA==', /out of range/],
      [stored.replace(/\$[^$]+$/, '$aGFzaA=='), /hash of 4 bytes/],
    ] as const;
    for (const [text, reason] of cases) {
      const parsed = parsePinHash(text);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.error).toMatch(reason);
        expect(parsed.error).toContain('yaofang-edge hash-pin');
      }
    }
  });
});
