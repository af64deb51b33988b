import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  decideRecovery,
  DEFAULT_CRASH_RECOVERY as options,
  relaunchArgs,
  relaunchAttemptFrom,
  type CrashHistory,
} from './crash-recovery.ts';

const start: CrashHistory = { failures: [], relaunchAttempt: 0, startedAt: 0 };

function run(history: CrashHistory, times: number[]) {
  let current = history;
  const actions = [];
  for (const at of times) {
    const result = decideRecovery(current, at, options);
    actions.push(result.action);
    current = result.history;
  }
  return { actions, history: current };
}

describe('decideRecovery', () => {
  it('reloads the first failures within the window', () => {
    const { actions } = run(start, [1_000, 2_000, 3_000]);
    expect(actions.map((a) => a.kind)).toEqual(['reload', 'reload', 'reload']);
  });

  it('relaunches when failures repeat within the window', () => {
    const { actions } = run(start, [1_000, 2_000, 3_000, 4_000]);
    expect(actions[3]).toEqual({ kind: 'relaunch', attempt: 1, delayMs: 1_000 });
  });

  it('forgets failures older than the window', () => {
    const spaced = [0, 1, 2, 3, 4].map((i) => 1_000 + i * (options.windowMs / 2 + 1));
    const { actions } = run(start, spaced);
    expect(actions.every((a) => a.kind === 'reload')).toBe(true);
  });

  it('backs off across relaunches carried on the command line', () => {
    const relaunched: CrashHistory = { failures: [], relaunchAttempt: 3, startedAt: 0 };
    const { actions } = run(relaunched, [100, 200, 300, 400]);
    expect(actions[3]).toEqual({ kind: 'relaunch', attempt: 4, delayMs: 8_000 });
  });

  it('restarts the backoff once a relaunched process has run stably', () => {
    const t = options.stableAfterMs + 1;
    const relaunched: CrashHistory = { failures: [], relaunchAttempt: 5, startedAt: 0 };
    const { actions } = run(relaunched, [t, t + 1, t + 2, t + 3]);
    expect(actions[3]).toEqual({ kind: 'relaunch', attempt: 1, delayMs: 1_000 });
  });
});

describe('backoffMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1_000, 60_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(50, 1_000, 60_000)).toBe(60_000);
    expect(backoffMs(0, 1_000, 60_000)).toBe(0);
  });
});

describe('relaunch arguments', () => {
  it('round-trips the attempt and replaces an older one', () => {
    const argv = relaunchArgs(['--hide-cursor', '--yf-relaunch-attempt=2'], 3);
    expect(argv).toEqual(['--hide-cursor', '--yf-relaunch-attempt=3']);
    expect(relaunchAttemptFrom(argv)).toBe(3);
  });
  it('treats a missing or malformed attempt as 0', () => {
    expect(relaunchAttemptFrom([])).toBe(0);
    expect(relaunchAttemptFrom(['--yf-relaunch-attempt=abc'])).toBe(0);
    expect(relaunchAttemptFrom(['--yf-relaunch-attempt=-1'])).toBe(0);
  });
});
