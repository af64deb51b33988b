import {
  clockMinutes,
  clockText,
  type CategoryState,
  type DropWindow,
  type WasteCategory,
  type WasteRules,
} from '@yaofang/shared/waste';

/**
 * Drop-off windows (定时定点投放). Windows are local wall-clock times at the
 * rules' fixed UTC offset (China has no daylight saving), so "local" is plain
 * arithmetic on epoch ms, never the terminal's own time zone setting.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Milliseconds since local midnight, and that midnight as epoch ms. */
function localClock(rules: WasteRules, atEpochMs: number): { sinceMidnightMs: number; midnightMs: number } {
  const shifted = atEpochMs + rules.timezoneOffsetMinutes * MINUTE_MS;
  // Double modulo: epoch ms before 1970 would otherwise give a negative remainder.
  const sinceMidnightMs = ((shifted % DAY_MS) + DAY_MS) % DAY_MS;
  return { sinceMidnightMs, midnightMs: atEpochMs - sinceMidnightMs };
}

function windowsOf(rules: WasteRules, category: WasteCategory): readonly DropWindow[] {
  return rules.categories[category].windows;
}

/** Whether `category` accepts drops at `atEpochMs`: inside some window (`to` exclusive), or all day. */
export function isOpen(rules: WasteRules, category: WasteCategory, atEpochMs: number): boolean {
  const windows = windowsOf(rules, category);
  if (windows.length === 0) return true;
  const { sinceMidnightMs } = localClock(rules, atEpochMs);
  return windows.some(
    (window) =>
      sinceMidnightMs >= clockMinutes(window.from) * MINUTE_MS &&
      sinceMidnightMs < clockMinutes(window.to) * MINUTE_MS,
  );
}

interface Opening {
  atEpochMs: number;
  /** Local 'HH:MM' of that start. */
  local: string;
}

function nextStart(rules: WasteRules, category: WasteCategory, atEpochMs: number): Opening | null {
  const { midnightMs } = localClock(rules, atEpochMs);
  let best: Opening | null = null;
  // Windows repeat daily, so the next start is today's or tomorrow's.
  for (const dayMs of [midnightMs, midnightMs + DAY_MS]) {
    for (const window of windowsOf(rules, category)) {
      const start = dayMs + clockMinutes(window.from) * MINUTE_MS;
      if (start >= atEpochMs && (best === null || start < best.atEpochMs))
        best = { atEpochMs: start, local: window.from };
    }
  }
  return best;
}

/**
 * Epoch ms of the next window start at or after `atEpochMs` (later today or
 * tomorrow). Null when the category has no windows: it is open all day, so
 * it never "opens".
 */
export function nextOpening(rules: WasteRules, category: WasteCategory, atEpochMs: number): number | null {
  return nextStart(rules, category, atEpochMs)?.atEpochMs ?? null;
}

/** What the compartment's hardware reports, as the attract screen needs it. */
export interface CompartmentStatus {
  /** 0–100, from the bin's level sensor. */
  fillPercent: number;
  /** A device alarm (lid jammed, sensor fault, …); null when healthy. */
  alarm: string | null;
}

/**
 * One category's state for the attract screen. A fault wins over full, and
 * full over closed: telling a resident to come back at 18:00 to a bin that
 * cannot take waste would waste their trip.
 */
export function categoryState(
  rules: WasteRules,
  category: WasteCategory,
  atEpochMs: number,
  status: CompartmentStatus,
): CategoryState {
  if (status.alarm !== null) return { state: 'fault', reason: status.alarm };
  if (status.fillPercent >= rules.categories[category].fullThresholdPercent) return { state: 'full' };
  if (isOpen(rules, category, atEpochMs)) return { state: 'open' };
  const opening = nextStart(rules, category, atEpochMs);
  // Closed means there are windows, and a window always starts within a day.
  if (opening === null) throw new Error(`bug: ${category} is closed but has no next opening`);
  return { state: 'closed-until', opensAt: opening.atEpochMs, opensAtLocal: opening.local };
}

/**
 * The local calendar day of `atEpochMs`, `YYYY-MM-DD`: the key under which a
 * household's points are summed for the daily cap, so the cap resets at
 * local midnight rather than at 08:00 Beijing time.
 */
export function localDay(rules: WasteRules, atEpochMs: number): string {
  return new Date(atEpochMs + rules.timezoneOffsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/** Local wall-clock 'HH:MM' of `atEpochMs`, for prompts and receipts. */
export function localClockText(rules: WasteRules, atEpochMs: number): string {
  return clockText(Math.floor(localClock(rules, atEpochMs).sinceMidnightMs / MINUTE_MS));
}
