/**
 * Numbers as the waste screens show them. Weights travel as integer grams
 * (STYLE.md: integers for money-like values); the screen shows kilograms
 * with two decimals, computed in integers so 1250 g is always "1.25".
 */

/** 1250 → "1.25"; 1255 → "1.26" (half away from zero); −40 → "-0.04". */
export function formatKg(grams: number): string {
  const sign = grams < 0 ? '-' : '';
  const centi = Math.round(Math.abs(grams) / 10);
  const whole = Math.floor(centi / 100);
  return `${sign}${whole}.${String(centi % 100).padStart(2, '0')}`;
}

/** A points delta with its sign, for the 待同步 label: 3 → "+3", −5 → "-5". */
export function formatSigned(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}

/**
 * Whole seconds until `closesAt` (epoch ms), rounded up so the countdown
 * never shows 0 while the lid is still open; 0 once it is due.
 */
export function secondsUntil(closesAt: number, now: number): number {
  return Math.max(0, Math.ceil((closesAt - now) / 1000));
}
