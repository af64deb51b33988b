import { err, ok } from '@yaofang/shared/result';
import type { HealthTracker } from '../health.ts';
import type { ByteTransport } from '../transport/types.ts';
import type { ScaleResult } from './driver-types.ts';

export interface RequestTiming {
  /** How long to wait for each reply. */
  timeoutMs: number;
  /** Extra attempts after the first when no reply comes. */
  retries: number;
}

type Wait<M> = { accept: (message: M) => boolean; resolve: (outcome: M | 'timeout' | 'link-down') => void };

/**
 * Request/response over a ByteTransport, one request at a time. The driver
 * feeds every decoded message to `offer()`; the pending request takes the
 * first one its predicate accepts. The queue lock is released in `finally`,
 * so a failing request can never wedge the ones behind it.
 */
export class RequestRunner<M> {
  private queue: Promise<void> = Promise.resolve();
  private waiting: Wait<M> | null = null;
  private stopped = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly health: HealthTracker,
    private readonly timing: RequestTiming,
  ) {}

  /** True when a pending request took the message. */
  offer(message: M): boolean {
    const waiting = this.waiting;
    if (!waiting?.accept(message)) return false;
    this.waiting = null;
    waiting.resolve(message);
    return true;
  }

  /** The link dropped: fail the pending request now instead of at its timeout. */
  linkDown(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve('link-down');
  }

  stop(): void {
    this.stopped = true;
    this.linkDown();
  }

  /** Send `bytes` and wait for the first message `accept` takes, retrying on silence. */
  async request<R extends M>(
    label: string,
    bytes: Uint8Array,
    accept: (message: M) => message is R,
  ): Promise<ScaleResult<R>> {
    const release = await this.lock();
    try {
      const attempts = this.timing.retries + 1;
      for (let attempt = 1; attempt <= attempts; attempt++) {
        if (this.stopped) return err({ code: 'stopped', message: `${label}: driver stopped` });
        const reply = this.waitFor(accept);
        try {
          this.health.sent(bytes);
          await this.transport.write(bytes);
        } catch (error) {
          this.linkDown();
          return err({ code: 'disconnected', message: `${label}: ${(error as Error).message}` });
        }
        const outcome = await reply;
        if (outcome === 'link-down') {
          return this.stopped
            ? err({ code: 'stopped', message: `${label}: driver stopped` })
            : err({ code: 'disconnected', message: `${label}: link lost while waiting for the reply` });
        }
        // `accept` is a type guard, so whatever it took is an R.
        if (outcome !== 'timeout') return ok(outcome as R);
        this.health.error(
          `${label}: no reply within ${this.timing.timeoutMs} ms (attempt ${attempt}/${attempts})`,
        );
      }
      return err({ code: 'timeout', message: `${label}: no reply after ${attempts} attempts`, last: null });
    } finally {
      release();
    }
  }

  private waitFor(accept: (message: M) => boolean): Promise<M | 'timeout' | 'link-down'> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting === wait) this.waiting = null;
        resolve('timeout');
      }, this.timing.timeoutMs);
      const wait: Wait<M> = {
        accept,
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      this.waiting = wait;
    });
  }

  private lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => held);
    return previous.then(() => release);
  }
}
