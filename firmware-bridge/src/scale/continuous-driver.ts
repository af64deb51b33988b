import { err, ok, type Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import {
  stoppedFailure,
  type ScaleDriver,
  type ScaleFailure,
  type ScaleResult,
  type WeightEvent,
} from './driver-types.ts';
import { continuousFormats, type ContinuousFormatName } from './formats.ts';
import { DEFAULT_STABILITY, type StabilityOptions } from './stability.ts';
import { WeightEventBuilder } from './weight-events.ts';

export interface ContinuousScaleDriverOptions {
  transport: ByteTransport;
  format: ContinuousFormatName;
  /** Same-reading rule for formats without a motion flag. */
  stability?: StabilityOptions;
  /** A stable reading no older than this answers `readStable` at once. */
  freshMs?: number;
}

/**
 * Listens to an indicator that streams frames on its own (Yaohua tf0/tf1/tf2,
 * A12, Toledo, A&D). Nothing is ever sent; the latest reading is kept and
 * `readStable` waits for the next stable one.
 */
export class ContinuousScaleDriver implements ScaleDriver {
  private readonly transport: ByteTransport;
  private readonly decoder;
  private readonly events: WeightEventBuilder;
  private readonly healthTracker: HealthTracker;
  private readonly weights = new Listeners<WeightEvent>();
  private readonly pendingReads = new Set<(result: ScaleResult<WeightEvent>) => void>();
  private readonly freshMs: number;
  private disposers: Disposer[] = [];
  private last: WeightEvent | null = null;

  constructor(options: ContinuousScaleDriverOptions) {
    this.transport = options.transport;
    this.decoder = continuousFormats[options.format].createDecoder();
    this.events = new WeightEventBuilder(options.stability ?? DEFAULT_STABILITY);
    this.healthTracker = new HealthTracker(options.transport);
    this.freshMs = options.freshMs ?? 1000;
  }

  start(): void {
    if (this.disposers.length > 0) return;
    this.disposers = [
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((link) => {
        // A torn frame from before a reconnect must not glue onto new bytes,
        // and a weight from before an unplug says nothing about the load now.
        this.decoder.reset();
        this.events.reset();
        if (link.state !== 'connected') this.last = null;
      }),
    ];
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    for (const finish of [...this.pendingReads]) finish(err(stoppedFailure()));
    this.healthTracker.dispose();
    await this.transport.stop();
  }

  latest(): WeightEvent | null {
    return this.last;
  }

  readStable(timeoutMs: number): Promise<ScaleResult<WeightEvent>> {
    const last = this.last;
    // A cached reading only counts while the link is up: after an unplug the load may have changed.
    const linkUp = this.transport.health().state === 'connected';
    if (linkUp && last?.stable && !last.overload && Date.now() - last.at <= this.freshMs) {
      return Promise.resolve(ok(last));
    }
    return new Promise((resolve) => {
      const finish = (result: ScaleResult<WeightEvent>) => {
        clearTimeout(timer);
        dispose();
        this.pendingReads.delete(finish);
        resolve(result);
      };
      const dispose = this.weights.add((event) => {
        if (event.stable && !event.overload) finish(ok(event));
      });
      const timer = setTimeout(() => finish(err(this.timeoutFailure(timeoutMs))), timeoutMs);
      this.pendingReads.add(finish);
    });
  }

  health(): DeviceHealth {
    return this.healthTracker.get();
  }

  onWeight(listener: (event: WeightEvent) => void): Disposer {
    return this.weights.add(listener);
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.healthTracker.onChange(listener);
  }

  private receive(chunk: Buffer): void {
    for (const out of this.decoder.pushFrames(chunk)) {
      if (out.type === 'error') {
        this.healthTracker.error(out.reason);
        continue;
      }
      this.healthTracker.frame(out.bytes);
      // A&D tare readouts are not loads; they only prove the link is alive.
      if (out.message.type !== 'weight') continue;
      this.last = this.events.build(out.message, Date.now());
      this.weights.emit(this.last);
    }
  }

  private timeoutFailure(timeoutMs: number): ScaleFailure {
    const last = this.last;
    if (this.transport.health().state === 'disconnected') {
      return { code: 'disconnected', message: `no stable weight within ${timeoutMs} ms: scale disconnected` };
    }
    if (last?.overload) return { code: 'overload', message: `scale out of range for ${timeoutMs} ms`, last };
    return {
      code: 'timeout',
      message: last
        ? `no stable weight within ${timeoutMs} ms`
        : `no frames from the scale within ${timeoutMs} ms`,
      last,
    };
  }
}
