import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CRASH_RECOVERY } from './policy/crash-recovery.ts';
import { RendererWatchdog, type WatchdogPorts } from './watchdog.ts';

function fakePorts() {
  const lines: string[] = [];
  const ports = {
    reload: vi.fn(),
    crashRenderer: vi.fn(),
    relaunch: vi.fn(),
    now: () => Date.now(),
    setTimer: (run: () => void, ms: number) => {
      const timer = setTimeout(run, ms);
      return () => clearTimeout(timer);
    },
    log: { info: (msg: string) => lines.push(msg), warn: (msg: string) => lines.push(msg) },
  } satisfies WatchdogPorts;
  return { ports, lines };
}

describe('RendererWatchdog', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it('reloads after a crash and logs it', () => {
    const { ports, lines } = fakePorts();
    new RendererWatchdog(ports, 0).onGone('crashed', 139);
    expect(ports.reload).toHaveBeenCalledTimes(1);
    expect(lines).toEqual(['renderer process gone', 'reloading renderer']);
  });

  it('relaunches after repeated crashes, once, after the backoff delay', () => {
    const { ports } = fakePorts();
    const watchdog = new RendererWatchdog(ports, 2);
    for (let i = 0; i < DEFAULT_CRASH_RECOVERY.maxReloadsInWindow + 2; i++) {
      watchdog.onGone('crashed', 139);
      vi.advanceTimersByTime(100);
    }
    expect(ports.reload).toHaveBeenCalledTimes(DEFAULT_CRASH_RECOVERY.maxReloadsInWindow);
    expect(ports.relaunch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(4_000); // attempt 3 → 4 s
    expect(ports.relaunch).toHaveBeenCalledExactlyOnceWith(3);
  });

  it('crashes a renderer that stays unresponsive past the grace period', () => {
    const { ports } = fakePorts();
    const watchdog = new RendererWatchdog(ports, 0);
    watchdog.onUnresponsive();
    watchdog.onUnresponsive();
    vi.advanceTimersByTime(DEFAULT_CRASH_RECOVERY.hangGraceMs);
    expect(ports.crashRenderer).toHaveBeenCalledTimes(1);
  });

  it('leaves a renderer alone that becomes responsive within the grace period', () => {
    const { ports, lines } = fakePorts();
    const watchdog = new RendererWatchdog(ports, 0);
    watchdog.onUnresponsive();
    vi.advanceTimersByTime(DEFAULT_CRASH_RECOVERY.hangGraceMs - 1);
    watchdog.onResponsive();
    vi.advanceTimersByTime(DEFAULT_CRASH_RECOVERY.hangGraceMs);
    expect(ports.crashRenderer).not.toHaveBeenCalled();
    expect(lines).toContain('renderer responsive again');
  });
});
