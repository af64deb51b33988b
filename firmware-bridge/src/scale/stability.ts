/**
 * Stability for formats without a motion flag (Yaohua tf0/tf1/tf2, A12 and
 * command mode): a reading counts as stable once the same value has been
 * seen in at least `frames` consecutive readings spanning at least
 * `windowMs`. Pure: the caller passes the time, so tests need no clock.
 */
export interface StabilityOptions {
  /** Consecutive identical readings needed (≥ 1). */
  frames: number;
  /** How long the value must have held, first to latest reading. */
  windowMs: number;
  /** Readings within this many grams count as the same (0 = exact). */
  toleranceGrams?: number;
}

export const DEFAULT_STABILITY: StabilityOptions = { frames: 5, windowMs: 500 };

export interface StabilityState {
  /** The value the run started with. */
  grams: number;
  /** When the run started (epoch ms). */
  since: number;
  /** Readings in the run so far. */
  frames: number;
  stable: boolean;
}

/**
 * Fold one reading into the run. An out-of-range reading is never stable and
 * breaks the run.
 */
export function nextStability(
  previous: StabilityState | null,
  reading: { grams: number; overload: boolean },
  at: number,
  options: StabilityOptions = DEFAULT_STABILITY,
): StabilityState | null {
  if (reading.overload) return null;
  const tolerance = options.toleranceGrams ?? 0;
  const continues =
    previous !== null && Math.abs(reading.grams - previous.grams) <= tolerance && at >= previous.since;
  const run = continues
    ? { grams: previous.grams, since: previous.since, frames: previous.frames + 1 }
    : { grams: reading.grams, since: at, frames: 1 };
  return { ...run, stable: run.frames >= options.frames && at - run.since >= options.windowMs };
}
