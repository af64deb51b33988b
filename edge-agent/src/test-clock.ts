import { readFileSync, statSync } from 'node:fs';

/**
 * A wall clock the end-to-end tests can move forward, like the failpoints:
 * with `YF_TEST_CLOCK_FILE` set, the flows' clock is real time plus the
 * milliseconds written in that file (re-read when the file changes), so a
 * 90-minute volunteer service can be recorded in a test that lasts seconds.
 * Unset in production: the clock is `Date.now`.
 */
export function flowClock(env: NodeJS.ProcessEnv = process.env): () => number {
  const file = env.YF_TEST_CLOCK_FILE;
  if (!file) return Date.now;
  let offset = 0;
  let seen = -1;
  return () => {
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime !== seen) {
        seen = mtime;
        offset = Number(readFileSync(file, 'utf8').trim()) || 0;
      }
    } catch {
      offset = 0;
    }
    return Date.now() + offset;
  };
}
