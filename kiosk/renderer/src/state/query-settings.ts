/**
 * Timing overrides from the page's query string, for tests and for a
 * technician tuning one terminal: `?idle=60&countdown=10` (seconds).
 * Out-of-range or malformed values fall back to the defaults.
 */
export interface TimingSettings {
  /** Inactivity before the "still there?" dialog. */
  idleMs: number;
  /** How long the dialog counts down before the session is wiped. */
  countdownMs: number;
}

export const DEFAULT_TIMING: TimingSettings = { idleMs: 60_000, countdownMs: 10_000 };

/** Elderly mode gives residents twice as long at every step. */
export const ELDERLY_FACTOR = 2;

function seconds(value: string | null, min: number, max: number): number | null {
  if (value === null || value.trim() === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= min && parsed <= max ? Math.round(parsed * 1000) : null;
}

export function timingFromQuery(search: string): TimingSettings {
  const params = new URLSearchParams(search);
  return {
    idleMs: seconds(params.get('idle'), 1, 3600) ?? DEFAULT_TIMING.idleMs,
    countdownMs: seconds(params.get('countdown'), 1, 600) ?? DEFAULT_TIMING.countdownMs,
  };
}

export function effectiveTiming(base: TimingSettings, elderly: boolean): TimingSettings {
  const factor = elderly ? ELDERLY_FACTOR : 1;
  return { idleMs: base.idleMs * factor, countdownMs: base.countdownMs * factor };
}

/** How long a station notice (unbound card, technician card, alarm) stays on the attract screen. */
export const DEFAULT_NOTICE_MS = 8_000;

/** `?notice=8` (seconds); tests lengthen it so a screenshot never races the notice away. */
export function noticeMsFromQuery(search: string): number {
  return seconds(new URLSearchParams(search).get('notice'), 1, 600) ?? DEFAULT_NOTICE_MS;
}
