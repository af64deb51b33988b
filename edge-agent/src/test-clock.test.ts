import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowClock } from './test-clock.ts';

describe('flowClock', () => {
  it('is Date.now unless a test clock file is configured', () => {
    expect(flowClock({})).toBe(Date.now);
  });

  it('adds the offset written in the test clock file, re-read when it changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-clock-'));
    try {
      const file = join(dir, 'clock');
      const clock = flowClock({ YF_TEST_CLOCK_FILE: file });
      expect(Math.abs(clock() - Date.now())).toBeLessThan(1000);
      writeFileSync(file, String(90 * 60_000));
      const ahead = clock() - Date.now();
      expect(ahead).toBeGreaterThan(89 * 60_000);
      expect(ahead).toBeLessThan(91 * 60_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
