/**
 * Resident ID numbers (GB 11643): 17 digits and a check character computed
 * with ISO 7064 MOD 11-2 (PROTOCOLS.md §1). The same check guards the numbers
 * of Hong Kong/Macau/Taiwan residence permits and 2023 foreign permanent
 * resident cards.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_MAP = '10X98765432';

/** The check character (`0`–`9` or `X`) for the first 17 digits; null when they are not 17 digits. */
export function idNumberChecksum(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_MAP[sum % 11]!;
}

/** 18 characters whose last is the MOD 11-2 check of the first 17 (`x` is taken as `X`). */
export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return false;
  return idNumberChecksum(idNumber.slice(0, 17)) === idNumber.slice(17).toUpperCase();
}

/** Region `999999` is no administrative division, so a synthetic number is nobody's. */
export const SYNTHETIC_REGION = '999999';

export interface SyntheticIdNumberParts {
  /** Six digits; defaults to the non-existent region `999999`. */
  region?: string;
  /** `YYYYMMDD`. */
  birth: string;
  /** 0–999; an odd sequence marks a man, an even one a woman. */
  sequence: number;
}

/** A synthetic ID number with a valid check character, for simulators, tests and the demo. */
export function makeSyntheticIdNumber({
  region = SYNTHETIC_REGION,
  birth,
  sequence,
}: SyntheticIdNumberParts): string {
  if (!/^\d{6}$/.test(region)) throw new RangeError(`region must be 6 digits, got ${JSON.stringify(region)}`);
  if (!/^\d{8}$/.test(birth)) throw new RangeError(`birth must be YYYYMMDD, got ${JSON.stringify(birth)}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer 0–999, got ${sequence}`);
  }
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberChecksum(first17)!;
}
