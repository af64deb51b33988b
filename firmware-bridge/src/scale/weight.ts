/**
 * The one message every scale codec produces, and the exact decimal ↔ gram
 * arithmetic they share. Weights travel as decimal text on the wire; we turn
 * them into integer grams with integer arithmetic only, so `0.1 + 0.2`-style
 * float error can never reach a points ledger.
 */
export interface WeightReading {
  type: 'weight';
  /** Signed integer grams (the displayed gross or net weight). */
  grams: number;
  /** The device's stability flag; null when the format has none (inferred later). */
  stable: boolean | null;
  /** Out of range (over- or underload): `grams` is not a weight then. */
  overload: boolean;
  /** True when the device says the value is net (tare subtracted). */
  net: boolean;
}

export function weightReading(
  grams: number,
  flags: { stable: boolean | null; overload?: boolean; net?: boolean },
): WeightReading {
  return {
    type: 'weight',
    grams,
    stable: flags.stable,
    overload: flags.overload ?? false,
    net: flags.net ?? false,
  };
}

/** Powers of ten used as unit scales: grams per unit is 10^exponent. */
export const UNIT_EXPONENT = { mg: -3, g: 0, kg: 3, t: 6 } as const;
export type MetricUnit = keyof typeof UNIT_EXPONENT;

/**
 * `digits × 10^(exponent − decimals)` as integer grams, rounding half away from
 * zero when the display has finer resolution than a gram. Returns null when the
 * result would not be an exact JavaScript integer.
 */
export function scaledToGrams(
  magnitude: number,
  decimals: number,
  exponent: number,
  negative = false,
): number | null {
  const shift = exponent - decimals;
  let grams: number;
  if (shift >= 0) {
    grams = magnitude * 10 ** shift;
  } else {
    const divisor = 10 ** -shift;
    const quotient = Math.floor(magnitude / divisor);
    grams = 2 * (magnitude % divisor) >= divisor ? quotient + 1 : quotient;
  }
  if (!Number.isSafeInteger(grams)) return null;
  return negative && grams !== 0 ? -grams : grams;
}

/**
 * Parse display text such as `-0012.34`, ` 004.139`, `12` into grams for the
 * given unit exponent. Leading blanks and zeros are allowed; one optional sign
 * first; at most one point. Null when the text is not a number.
 */
export function parseDecimalGrams(text: string, exponent: number): number | null {
  const match = /^ *([+-]?) *(\d*)(?:\.(\d*))? *$/.exec(text);
  if (!match) return null;
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (whole.length + fraction.length === 0 || whole.length + fraction.length > 15) return null;
  return scaledToGrams(Number(whole + fraction), fraction.length, exponent, match[1] === '-');
}

/** Grams → display integer at `decimals` places of the unit (rounded half away from zero). */
export function gramsToScaled(grams: number, decimals: number, exponent: number): number {
  const magnitude = Math.abs(grams);
  const shift = decimals - exponent;
  if (shift >= 0) return grams * 10 ** shift;
  const divisor = 10 ** -shift;
  const quotient = Math.floor(magnitude / divisor);
  const rounded = 2 * (magnitude % divisor) >= divisor ? quotient + 1 : quotient;
  return grams < 0 ? -rounded : rounded;
}

/** `1234, 2` → `"12.34"`; `5, 3` → `"0.005"`; magnitude only. */
export function formatScaled(magnitude: number, decimals: number): string {
  const digits = String(Math.abs(magnitude)).padStart(decimals + 1, '0');
  if (decimals === 0) return digits;
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** XOR checksum as the two ASCII nibbles Yaohua sends (+0x30 if ≤ 9, else +0x37). */
export function xorNibbles(bytes: Uint8Array): [number, number] {
  let xor = 0;
  for (const b of bytes) xor ^= b;
  return [nibbleChar(xor >> 4), nibbleChar(xor & 0x0f)];
}

function nibbleChar(n: number): number {
  return n <= 9 ? 0x30 + n : 0x37 + n;
}

export const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
export const ascii = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
