/**
 * What to do when the renderer dies (`render-process-gone`) or hangs past a
 * grace period (`unresponsive`): reload the page, unless that has already
 * happened too often within a window — then relaunch the whole app, later
 * each time (backoff), so a crash loop does not spin the CPU. The relaunch
 * attempt travels to the next process on its command line.
 */

export interface CrashRecoveryOptions {
  /** Failures are counted within this sliding window. */
  windowMs: number;
  /** Reloads allowed within the window before the app is relaunched. */
  maxReloadsInWindow: number;
  relaunchBaseMs: number;
  relaunchCapMs: number;
  /** A process that has run this long is healthy again: the relaunch backoff restarts. */
  stableAfterMs: number;
  /** How long an unresponsive renderer may stay so before it is crashed and recovered. */
  hangGraceMs: number;
}

export const DEFAULT_CRASH_RECOVERY: CrashRecoveryOptions = {
  windowMs: 60_000,
  maxReloadsInWindow: 3,
  relaunchBaseMs: 1_000,
  relaunchCapMs: 60_000,
  stableAfterMs: 10 * 60_000,
  hangGraceMs: 5_000,
};

export interface CrashHistory {
  /** Epoch ms of recent failures, oldest first. */
  failures: readonly number[];
  /** Relaunches in a row that led to this process (0 for a normal start). */
  relaunchAttempt: number;
  /** Epoch ms when this process started. */
  startedAt: number;
}

export type RecoveryAction =
  { kind: 'reload'; failuresInWindow: number } | { kind: 'relaunch'; delayMs: number; attempt: number };

export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  if (attempt < 1) return 0;
  return Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

export function decideRecovery(
  history: CrashHistory,
  now: number,
  options: CrashRecoveryOptions = DEFAULT_CRASH_RECOVERY,
): { action: RecoveryAction; history: CrashHistory } {
  const failures = [...history.failures.filter((at) => at > now - options.windowMs), now];
  const next = { ...history, failures };
  if (failures.length <= options.maxReloadsInWindow) {
    return { action: { kind: 'reload', failuresInWindow: failures.length }, history: next };
  }
  const stable = now - history.startedAt >= options.stableAfterMs;
  const attempt = (stable ? 0 : history.relaunchAttempt) + 1;
  return {
    action: {
      kind: 'relaunch',
      attempt,
      delayMs: backoffMs(attempt, options.relaunchBaseMs, options.relaunchCapMs),
    },
    history: { ...next, relaunchAttempt: attempt },
  };
}

/** Argument carrying the relaunch attempt to the next process. */
export const RELAUNCH_ARG_PREFIX = '--yf-relaunch-attempt=';

export function relaunchAttemptFrom(argv: readonly string[]): number {
  const arg = argv.find((a) => a.startsWith(RELAUNCH_ARG_PREFIX));
  const value = arg ? Number(arg.slice(RELAUNCH_ARG_PREFIX.length)) : 0;
  return Number.isInteger(value) && value > 0 && value < 1000 ? value : 0;
}

/** The next process's argv: ours, with the relaunch attempt replaced. */
export function relaunchArgs(argv: readonly string[], attempt: number): string[] {
  return [...argv.filter((a) => !a.startsWith(RELAUNCH_ARG_PREFIX)), `${RELAUNCH_ARG_PREFIX}${attempt}`];
}
