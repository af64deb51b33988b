import { failCheck, okCheck, warnCheck, type CheckResult } from './check.ts';

/** A moment the clock cannot be earlier than, e.g. when the central signed a retained document. */
export interface TimeReference {
  source: string;
  notBeforeMs: number;
}

export interface ClockFacts {
  nowMs: number;
  /** From the broker probe; empty when it did not answer or had nothing with a time. */
  references: readonly TimeReference[];
  toleranceSeconds: number;
  /** `timedatectl show -p NTPSynchronized`, when it could be asked. */
  ntpSynchronized?: boolean | undefined;
}

const FIX =
  'enable time sync: sudo timedatectl set-ntp true (systemd-timesyncd) or sudo systemctl enable --now chrony; check with timedatectl status';

/**
 * A terminal with a wrong clock rejects valid commands (expiry), writes
 * wrong event times and fails TLS. Year ≥ 2024 catches a dead RTC battery
 * (1970 or the build date); a time reference from the broker catches a
 * clock that is merely behind.
 */
export function checkClock(facts: ClockFacts): CheckResult {
  const now = new Date(facts.nowMs);
  if (now.getUTCFullYear() < 2024) {
    return failCheck(
      'clock',
      `the clock says ${now.toISOString()}: ${FIX}; without network set it once: sudo timedatectl set-time 'YYYY-MM-DD HH:MM:SS'`,
    );
  }
  const tolerance = facts.toleranceSeconds * 1000;
  const behind = facts.references
    .map((reference) => ({ ...reference, behindMs: reference.notBeforeMs - facts.nowMs }))
    .sort((a, b) => b.behindMs - a.behindMs)[0];
  if (behind && behind.behindMs > tolerance) {
    return failCheck(
      'clock',
      `the clock is at least ${Math.round(behind.behindMs / 1000)} s behind (${behind.source}); signed commands will be refused: ${FIX}`,
    );
  }
  if (facts.ntpSynchronized === false) {
    return warnCheck('clock', `${now.toISOString()} looks plausible but is not synchronised: ${FIX}`);
  }
  const basis =
    facts.references.length > 0
      ? `not behind ${facts.references.map((r) => r.source).join(', ')}`
      : 'the broker gave no time reference, so only the year was checked';
  const sync = facts.ntpSynchronized ? ', NTP synchronised' : '';
  return okCheck('clock', `${now.toISOString()}: ${basis}${sync}`);
}
