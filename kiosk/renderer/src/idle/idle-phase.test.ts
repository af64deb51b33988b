import { describe, expect, it } from 'vitest';
import { idlePhase, samePhase } from './idle-phase.ts';

describe('idlePhase', () => {
  const idle = 60_000;
  const countdown = 10_000;
  it('is active before the idle time', () => {
    expect(idlePhase(59_999, 0, idle, countdown)).toEqual({ phase: 'active' });
  });
  it('counts down whole seconds, rounded up, from the idle time', () => {
    expect(idlePhase(60_000, 0, idle, countdown)).toEqual({ phase: 'countdown', secondsLeft: 10 });
    expect(idlePhase(60_001, 0, idle, countdown)).toEqual({ phase: 'countdown', secondsLeft: 10 });
    expect(idlePhase(69_999, 0, idle, countdown)).toEqual({ phase: 'countdown', secondsLeft: 1 });
  });
  it('expires when the countdown ends', () => {
    expect(idlePhase(70_000, 0, idle, countdown)).toEqual({ phase: 'expired' });
  });
  it('measures from the last activity', () => {
    expect(idlePhase(100_000, 50_000, idle, countdown)).toEqual({ phase: 'active' });
  });
});

describe('samePhase', () => {
  it('compares seconds only within the countdown', () => {
    expect(samePhase({ phase: 'active' }, { phase: 'active' })).toBe(true);
    expect(samePhase({ phase: 'countdown', secondsLeft: 3 }, { phase: 'countdown', secondsLeft: 2 })).toBe(
      false,
    );
    expect(samePhase({ phase: 'countdown', secondsLeft: 3 }, { phase: 'expired' })).toBe(false);
  });
});
