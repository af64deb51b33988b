import { createHmac } from 'node:crypto';

/**
 * Identity and personal information (ARCHITECTURE.md "Identity"). Raw ID
 * numbers, names and card UIDs never leave memory; everything durable or sent
 * uses these keyed hashes.
 */
export function residentKey(districtKey: Uint8Array, idNumber: string): string {
  return createHmac('sha256', districtKey).update(idNumber.toUpperCase(), 'utf8').digest('hex');
}

export function cardKey(districtKey: Uint8Array, uid: string): string {
  return createHmac('sha256', districtKey).update(`rfid:${uid.toUpperCase()}`, 'utf8').digest('hex');
}

/** `张三丰` → `张*丰`, `李四` → `李*`, single characters are kept. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** `320102199001011234` → `320102********1234`: the birth date is hidden. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character for the first 17 digits; null if not 17 digits. */
export function idNumberCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** An 18-character resident ID number whose last character is its checksum. */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(idNumber)) return false;
  return idNumberCheckChar(idNumber.slice(0, 17)) === idNumber.slice(17).toUpperCase();
}

/**
 * A synthetic ID number with a valid checksum, for tests, simulators and the
 * demo. Region `999999` is not a real administrative division, so a synthetic
 * number can never be a real person's.
 */
export function syntheticIdNumber(sequence: number, birth = '19700101'): string {
  const first17 = `999999${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17)!;
}
