import type { Disposer } from '@yaofang/shared/result';
import { Listeners } from './transport/emitter.ts';
import type { ByteTransport, LinkHealth } from './transport/types.ts';
import { toHex } from './codec.ts';

/** What a driver reports about its device: link state plus protocol-level trouble. */
export interface DeviceHealth {
  state: 'connected' | 'degraded' | 'disconnected';
  since: number;
  lastError: string | null;
  /** Decode errors, timeouts and device error replies since start. */
  errorCount: number;
  /** Frames received and decoded since start. */
  frameCount: number;
  /** The last few frames each way, for the technician's device page. */
  recentFrames: Array<{ at: number; dir: 'rx' | 'tx'; hex: string }>;
}

const RECENT_FRAMES = 20;
/** A connected device with this many consecutive errors is reported degraded. */
const DEGRADED_AFTER = 3;

/**
 * Tracks one driver's health. Drivers call `frame()`, `sent()` and `error()`;
 * link changes come from the transport. A good frame clears `degraded`.
 */
export class HealthTracker {
  private readonly listeners = new Listeners<DeviceHealth>();
  private link: LinkHealth;
  private consecutiveErrors = 0;
  private current: DeviceHealth;
  private readonly disposeLink: Disposer;

  constructor(transport: ByteTransport) {
    this.link = transport.health();
    this.current = {
      state: this.link.state,
      since: this.link.since,
      lastError: this.link.state === 'connected' ? null : this.link.lastError,
      errorCount: 0,
      frameCount: 0,
      recentFrames: [],
    };
    this.disposeLink = transport.onHealth((link) => {
      this.link = link;
      if (link.state === 'connected') this.consecutiveErrors = 0;
      this.recompute(link.state === 'connected' ? null : link.lastError);
    });
  }

  get(): DeviceHealth {
    return this.current;
  }

  onChange(listener: (health: DeviceHealth) => void): Disposer {
    return this.listeners.add(listener);
  }

  frame(bytes: Uint8Array): void {
    this.current.frameCount++;
    this.remember('rx', bytes);
    this.consecutiveErrors = 0;
    if (this.current.state === 'degraded') this.recompute(null);
  }

  sent(bytes: Uint8Array): void {
    this.remember('tx', bytes);
  }

  error(reason: string): void {
    this.current.errorCount++;
    this.consecutiveErrors++;
    this.recompute(reason);
  }

  dispose(): void {
    this.disposeLink();
  }

  private remember(dir: 'rx' | 'tx', bytes: Uint8Array): void {
    this.current.recentFrames.push({ at: Date.now(), dir, hex: toHex(bytes.subarray(0, 64)) });
    if (this.current.recentFrames.length > RECENT_FRAMES) this.current.recentFrames.shift();
  }

  private recompute(lastError: string | null): void {
    const state =
      this.link.state !== 'connected'
        ? 'disconnected'
        : this.consecutiveErrors >= DEGRADED_AFTER
          ? 'degraded'
          : 'connected';
    const changed = state !== this.current.state;
    this.current = {
      ...this.current,
      state,
      since: changed ? Date.now() : this.current.since,
      lastError: lastError ?? (state === 'connected' ? null : this.current.lastError),
    };
    if (changed || lastError) this.listeners.emit(this.current);
  }
}
