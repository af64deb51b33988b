import { idNumberCheckChar, isValidIdNumber } from '@yaofang/shared/identity';

/**
 * Resident ID numbers (GB 11643): 17 digits and a check character computed
 * with ISO 7064 MOD 11-2 (PROTOCOLS.md §1). The same check guards the numbers
 * of Hong Kong/Macau/Taiwan residence permits and 2023 foreign permanent
 * resident cards. The check itself lives in shared's identity helpers; this
 * module names it for the reader and adds the synthetic numbers of its
 * simulator.
 */
export { isValidIdNumber };

/** The check character (`0`–`9` or `X`) for the first 17 digits; null when they are not 17 digits. */
export const idNumberChecksum: (first17: string) => string | null = idNumberCheckChar;

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
