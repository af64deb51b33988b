import { describe, expect, it } from 'vitest';
import { checkClock } from './clock.ts';

const now = Date.parse('2025-06-01T08:00:00Z');

describe('doctor: clock', () => {
  it('a clock in 1970 (dead RTC battery) fails with timedatectl advice', () => {
    const result = checkClock({ nowMs: 0, references: [], toleranceSeconds: 300 });
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(
      /^the clock says 1970-01-01T00:00:00.000Z: enable time sync: sudo timedatectl set-ntp true/,
    );
  });

  it('behind a broker time reference by more than the tolerance: fail; within it: ok', () => {
    const reference = { source: 'retained rules', notBeforeMs: now + 400_000 };
    expect(checkClock({ nowMs: now, references: [reference], toleranceSeconds: 300 })).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/at least 400 s behind \(retained rules\)/) as unknown,
    });
    expect(checkClock({ nowMs: now, references: [reference], toleranceSeconds: 600 })).toMatchObject({
      status: 'ok',
      detail: '2025-06-01T08:00:00.000Z: not behind retained rules',
    });
  });

  it('a plausible clock that NTP has not synchronised warns; without references says only the year was checked', () => {
    expect(
      checkClock({ nowMs: now, references: [], toleranceSeconds: 300, ntpSynchronized: false }).status,
    ).toBe('warn');
    expect(checkClock({ nowMs: now, references: [], toleranceSeconds: 300, ntpSynchronized: true })).toEqual({
      status: 'ok',
      check: 'clock',
      detail:
        '2025-06-01T08:00:00.000Z: the broker gave no time reference, so only the year was checked, NTP synchronised',
    });
  });
});
