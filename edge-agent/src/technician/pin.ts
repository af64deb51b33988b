import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '@yaofang/shared';
import { TECHNICIAN_PIN } from '@yaofang/shared/technician';

/**
 * Technician PINs are stored only as scrypt hashes:
 * `scrypt$N$r$p$<salt base64>$<hash base64>`. `yaofang-edge hash-pin` makes
 * one; the config holds it (`technician.pinHash`).
 */
const PREFIX = 'scrypt';
const DEFAULTS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

export interface PinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  if (!TECHNICIAN_PIN.test(pin)) throw new Error('a technician PIN is 4 to 8 digits');
  const { N, r, p } = DEFAULTS;
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N, r, p });
  return [PREFIX, N, r, p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Parse a stored hash; the error says what is wrong with it and how to make a good one. */
export function parsePinHash(text: string): Result<PinHash, string> {
  const fix = 'make one with `yaofang-edge hash-pin` (it reads the PIN from stdin)';
  const parts = text.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) {
    return err(`is not a PIN hash of the form scrypt$N$r$p$salt$hash: ${fix}`);
  }
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  const powerOfTwo = Number.isInteger(N) && N >= 1024 && N <= 1_048_576 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) {
    return err(`has scrypt parameters N=${parts[1]} r=${parts[2]} p=${parts[3]} out of range: ${fix}`);
  }
  if (salt.length < 8 || hash.length !== KEY_LENGTH) {
    return err(`has a salt of ${salt.length} bytes and a hash of ${hash.length} bytes: ${fix}`);
  }
  return ok({ N, r, p, salt, hash });
}

/**
 * Check a PIN off the event loop (scrypt takes tens of milliseconds, and the
 * serial devices keep talking meanwhile). A malformed PIN costs the same work
 * as a wrong one.
 */
export function verifyPinAsync(pin: string, stored: PinHash): Promise<boolean> {
  return new Promise((resolve, reject) => {
    scrypt(pin.slice(0, 16), stored.salt, KEY_LENGTH, scryptOptions(stored), (error, candidate) => {
      if (error) reject(error);
      else resolve(timingSafeEqual(candidate, stored.hash) && TECHNICIAN_PIN.test(pin));
    });
  });
}

function scryptOptions(stored: PinHash) {
  return { N: stored.N, r: stored.r, p: stored.p, maxmem: 256 * stored.N * stored.r + 1024 * 1024 };
}
