import type { Disposer } from '@yaofang/shared/result';
import { Backoff } from './backoff.ts';
import { Listeners } from './emitter.ts';
import type { LinkHealth } from './types.ts';

export interface ReconnectOptions {
  /** First reconnect delay ceiling; doubles up to `reconnectCapMs`. */
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  random?: () => number;
  /**
   * Which health changes listeners hear. `state-or-since` (default): a change
   * of state or a new `since`, so each outage stamped anew is announced.
   * `state`: only a change of state; health() still shows the latest retry.
   */
  announce?: 'state-or-since' | 'state';
}

/**
 * The part of a ByteTransport that keeps a device link up: the running flag,
 * the reconnect timer with backoff, and the link health with its listeners.
 * The transport owns the device itself: it calls `connected()` when an open
 * succeeds and `scheduleReconnect()` when an open fails or the device is lost,
 * and gets `connect` called again after the backoff delay.
 */
export class ReconnectLoop {
  private isRunning = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  private readonly listeners = new Listeners<LinkHealth>();
  private current: LinkHealth = { state: 'disconnected', since: Date.now(), lastError: null };
  private readonly announceSince: boolean;

  constructor(
    options: ReconnectOptions,
    private readonly connect: () => void,
  ) {
    this.backoff = new Backoff({
      baseMs: options.reconnectBaseMs ?? 200,
      capMs: options.reconnectCapMs ?? 10_000,
      ...(options.random ? { random: options.random } : {}),
    });
    this.announceSince = (options.announce ?? 'state-or-since') === 'state-or-since';
  }

  /** Between `start()` and `stop()`: an open that completes outside it must be undone. */
  get running(): boolean {
    return this.isRunning;
  }

  /** Begin connecting; a second start while running does nothing. */
  start(): void {
    if (this.isRunning) return;
    this.isRunning = true;
    this.connect();
  }

  /**
   * Stop reconnecting. The transport then closes its device and calls
   * `stopped()`; the two halves stay separate so a transport with nothing to
   * close reports the link down without waiting a tick.
   */
  stop(): void {
    this.isRunning = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  stopped(): void {
    this.setHealth({ state: 'disconnected', since: Date.now(), lastError: null });
  }

  connected(): void {
    this.backoff.reset();
    this.setHealth({ state: 'connected', since: Date.now() });
  }

  /** Report the link down and try `connect` again after the next backoff delay. Ignored once stopped. */
  scheduleReconnect(lastError: string, since = Date.now()): void {
    if (!this.isRunning) return;
    this.setHealth({ state: 'disconnected', since, lastError });
    // A second failure report for the same outage must not start a second timer.
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, this.backoff.next());
  }

  health(): LinkHealth {
    return this.current;
  }

  onHealth(listener: (health: LinkHealth) => void): Disposer {
    return this.listeners.add(listener);
  }

  private setHealth(health: LinkHealth): void {
    const previous = this.current;
    this.current = health;
    const changed =
      previous.state !== health.state || (this.announceSince && previous.since !== health.since);
    if (changed) this.listeners.emit(health);
  }
}
