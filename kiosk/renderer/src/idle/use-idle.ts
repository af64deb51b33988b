import { useCallback, useEffect, useRef, useState } from 'react';
import { idlePhase, samePhase, type IdlePhase } from './idle-phase.ts';

export interface IdleOptions {
  /** Only an active session is timed; the untouched attract screen is not. */
  armed: boolean;
  idleMs: number;
  countdownMs: number;
  /** Changes to this value count as activity (e.g. a new card tap). */
  activityKey: unknown;
  onExpire: () => void;
}

const TICK_MS = 250;

/**
 * The idle timer. A touch anywhere counts as activity while the session is
 * active; once the countdown dialog is up only its "continue" button
 * (`stillHere`) resets it, so a stray touch cannot silently keep a session
 * of someone who walked away — and the language can be switched in the
 * dialog without dismissing it.
 */
export function useIdle({ armed, idleMs, countdownMs, activityKey, onExpire }: IdleOptions) {
  const lastActivity = useRef(Date.now());
  const [phase, setPhase] = useState<IdlePhase>({ phase: 'active' });
  const phaseRef = useRef(phase);
  const expire = useRef(onExpire);
  useEffect(() => {
    expire.current = onExpire;
  }, [onExpire]);

  const stillHere = useCallback(() => {
    lastActivity.current = Date.now();
    phaseRef.current = { phase: 'active' };
    setPhase(phaseRef.current);
  }, []);

  useEffect(() => {
    stillHere();
  }, [activityKey, armed, stillHere]);

  useEffect(() => {
    if (!armed) return;
    const onPointer = () => {
      if (phaseRef.current.phase === 'active') lastActivity.current = Date.now();
    };
    document.addEventListener('pointerdown', onPointer, { capture: true });
    const timer = window.setInterval(() => {
      const next = idlePhase(Date.now(), lastActivity.current, idleMs, countdownMs);
      if (samePhase(next, phaseRef.current)) return;
      phaseRef.current = next;
      setPhase(next);
      if (next.phase === 'expired') expire.current();
    }, TICK_MS);
    return () => {
      document.removeEventListener('pointerdown', onPointer, { capture: true });
      window.clearInterval(timer);
    };
  }, [armed, idleMs, countdownMs]);

  return { phase: armed ? phase : ({ phase: 'active' } as IdlePhase), stillHere };
}
