import { err, ok, type Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import type { FrameDecoder } from './frame-decoder.ts';
import { stoppedFailure, type ScaleFailure, type ScaleResult, type WeightEvent } from './driver-types.ts';
import { RequestRunner, type RequestTiming } from './request-runner.ts';

/**
 * The shared half of the request/response drivers (Yaohua command mode,
 * MT-SICS): transport wiring, decoding, health, the request queue, weight
 * events and the poll-until-stable loop. Subclasses say what to send.
 */
export abstract class PollingScaleDriver<M> {
  protected readonly runner: RequestRunner<M>;
  protected readonly healthTracker: HealthTracker;
  private readonly weights = new Listeners<WeightEvent>();
  private disposers: Disposer[] = [];
  private last: WeightEvent | null = null;
  private stopped = false;

  constructor(
    protected readonly transport: ByteTransport,
    private readonly decoder: FrameDecoder<M>,
    timing: RequestTiming,
    private readonly pollIntervalMs: number,
  ) {
    this.healthTracker = new HealthTracker(transport);
    this.runner = new RequestRunner<M>(transport, this.healthTracker, timing);
  }

  start(): void {
    if (this.disposers.length > 0) return;
    this.disposers = [
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((link) => {
        this.decoder.reset();
        if (link.state !== 'connected') this.runner.linkDown();
      }),
    ];
    this.transport.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.runner.stop();
    this.healthTracker.dispose();
    await this.transport.stop();
  }

  latest(): WeightEvent | null {
    return this.last;
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

  /**
   * Poll with `readOnce` until it yields a stable in-range weight or the
   * deadline passes. No reply and a dropped link are worth another try while
   * time remains (the device may be back a moment later); a refusal from the
   * device ends the wait at once. `null` from `readOnce` means "busy".
   */
  async readStable(timeoutMs: number): Promise<ScaleResult<WeightEvent>> {
    const deadline = Date.now() + timeoutMs;
    this.beforeStableRead();
    let last: WeightEvent | null = null;
    for (;;) {
      if (this.stopped) return err(stoppedFailure());
      const result = await this.readOnce();
      const transient =
        !result.ok && (result.error.code === 'timeout' || result.error.code === 'disconnected');
      if (!result.ok && !transient) return result;
      if (result.ok && result.value) {
        last = result.value;
        if (last.stable && !last.overload) return ok(last);
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return result.ok ? err(this.deadlineFailure(timeoutMs, last)) : result;
      await delay(Math.min(this.pollIntervalMs, remaining));
    }
  }

  /** One poll: a weight, or null when the device said "busy". */
  protected abstract readOnce(): Promise<ScaleResult<WeightEvent | null>>;

  /** Hook to reset inferred stability before a fresh poll sequence. */
  protected beforeStableRead(): void {}

  protected emitWeight(event: WeightEvent): WeightEvent {
    this.last = event;
    this.weights.emit(event);
    return event;
  }

  private receive(chunk: Buffer): void {
    for (const out of this.decoder.pushFrames(chunk)) {
      if (out.type === 'error') {
        this.healthTracker.error(out.reason);
        continue;
      }
      this.healthTracker.frame(out.bytes);
      this.runner.offer(out.message);
    }
  }

  private deadlineFailure(timeoutMs: number, last: WeightEvent | null): ScaleFailure {
    if (last?.overload) return { code: 'overload', message: `scale out of range for ${timeoutMs} ms`, last };
    return { code: 'timeout', message: `no stable weight within ${timeoutMs} ms`, last };
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
