import {
  DEFAULT_CRASH_RECOVERY,
  decideRecovery,
  type CrashHistory,
  type CrashRecoveryOptions,
} from './policy/crash-recovery.ts';
import type { KioskLog } from './log.ts';

/** The few things the watchdog does to Electron, so it runs under test with fakes. */
export interface WatchdogPorts {
  reload(): void;
  /** Kill a hung renderer; `render-process-gone` follows and is recovered like a crash. */
  crashRenderer(): void;
  /** Start the next process with this relaunch attempt and exit this one. */
  relaunch(attempt: number): void;
  now(): number;
  setTimer(run: () => void, ms: number): () => void;
  log: KioskLog;
}

/**
 * Watches the kiosk window's renderer and applies the crash-recovery policy:
 * every failure is logged, then reloaded or escalated to a relaunch.
 */
export class RendererWatchdog {
  private history: CrashHistory;
  private cancelHang: (() => void) | null = null;
  private relaunching = false;

  constructor(
    private readonly ports: WatchdogPorts,
    relaunchAttempt: number,
    private readonly options: CrashRecoveryOptions = DEFAULT_CRASH_RECOVERY,
  ) {
    this.history = { failures: [], relaunchAttempt, startedAt: ports.now() };
  }

  onGone(reason: string, exitCode: number): void {
    this.cancelHang?.();
    this.cancelHang = null;
    this.ports.log.warn('renderer process gone', { reason, exitCode });
    this.recover('gone');
  }

  onUnresponsive(): void {
    if (this.cancelHang) return;
    this.ports.log.warn('renderer unresponsive', { graceMs: this.options.hangGraceMs });
    this.cancelHang = this.ports.setTimer(() => {
      this.cancelHang = null;
      this.ports.log.warn('renderer still unresponsive: crashing it to recover');
      this.ports.crashRenderer();
    }, this.options.hangGraceMs);
  }

  onResponsive(): void {
    if (!this.cancelHang) return;
    this.cancelHang();
    this.cancelHang = null;
    this.ports.log.info('renderer responsive again');
  }

  private recover(cause: string): void {
    if (this.relaunching) return;
    const { action, history } = decideRecovery(this.history, this.ports.now(), this.options);
    this.history = history;
    switch (action.kind) {
      case 'reload':
        this.ports.log.warn('reloading renderer', { cause, failuresInWindow: action.failuresInWindow });
        this.ports.reload();
        return;
      case 'relaunch':
        this.relaunching = true;
        this.ports.log.warn('relaunching kiosk', { cause, attempt: action.attempt, delayMs: action.delayMs });
        this.ports.setTimer(() => this.ports.relaunch(action.attempt), action.delayMs);
        return;
    }
  }
}
