/**
 * Where a session stands, given the time of the last activity: active, in
 * the "still there?" countdown (with whole seconds left, rounded up so the
 * dialog never shows 0 while it is still open), or expired.
 */
export type IdlePhase =
  { phase: 'active' } | { phase: 'countdown'; secondsLeft: number } | { phase: 'expired' };

export function idlePhase(now: number, lastActivity: number, idleMs: number, countdownMs: number): IdlePhase {
  const idleFor = now - lastActivity;
  if (idleFor < idleMs) return { phase: 'active' };
  const left = idleMs + countdownMs - idleFor;
  if (left <= 0) return { phase: 'expired' };
  return { phase: 'countdown', secondsLeft: Math.ceil(left / 1000) };
}

export function samePhase(a: IdlePhase, b: IdlePhase): boolean {
  if (a.phase !== b.phase) return false;
  return a.phase !== 'countdown' || a.secondsLeft === (b as { secondsLeft: number }).secondsLeft;
}
