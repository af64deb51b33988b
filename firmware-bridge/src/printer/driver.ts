import { err, ok, type Disposer, type Result } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeReceipt } from './encoder.ts';
import { combineStatus, sameStatus, statusFromAsb } from './printer-status.ts';
import {
  blockingProblem,
  queryFailure,
  statusFailure,
  type PrintFailure,
  type PrintWarning,
  type QueryFailure,
} from './print-failure.ts';
import type { Receipt } from './receipt.ts';
import { PrinterReplyDecoder, type PrinterReply } from './status-decoder.ts';
import {
  PAPER_SENSOR_REQUEST,
  encodeStatusRequest,
  type PaperSensorStatus,
  type PrinterStatus,
  type RealtimeRequest,
  type RealtimeStatus,
  type StatusQuery,
} from './status.ts';

export interface EscPosPrinterOptions {
  transport: ByteTransport;
  /** Wait for one status byte (default 500 ms). */
  replyTimeoutMs?: number;
  /** Extra attempts per status byte after a timeout (default 1). */
  retries?: number;
  /** Wait for the end-of-job check after sending a job (default 15 s: a long receipt at 9600 baud). */
  jobTimeoutMs?: number;
}

export interface PrintReport {
  /** Job size in bytes. */
  bytes: number;
  /** Status after the job. */
  status: PrinterStatus;
  warnings: PrintWarning[];
}

export type PrintResult = Result<PrintReport, PrintFailure>;

type OneByteReply = Extract<PrinterReply, { type: 'realtime' | 'paper-sensor' }>;
type Waiter = { query: StatusQuery; settle: (outcome: OneByteReply | QueryFailure) => void };

const REALTIME_REQUESTS: readonly RealtimeRequest[] = [1, 2, 3, 4];

/**
 * Drives an ESC/POS receipt printer over any ByteTransport (serial port or
 * `/dev/usb/lp0`). Before a job it asks DLE EOT 1–4, one at a time, and
 * refuses to print on a stopped printer. After the job it sends GS r 1: unlike
 * DLE EOT it is queued behind the job, so its answer means "the job went
 * through"; a stopped printer never answers it, and DLE EOT then says why.
 * Jobs and status queries run one at a time. The driver owns the transport's
 * lifecycle (`start`/`stop`).
 */
export class EscPosPrinter {
  private readonly transport: ByteTransport;
  private readonly replyTimeoutMs: number;
  private readonly retries: number;
  private readonly jobTimeoutMs: number;
  private readonly decoder = new PrinterReplyDecoder();
  private readonly statusListeners = new Listeners<PrinterStatus>();
  private tracker: HealthTracker;
  private waiter: Waiter | null = null;
  private lock: Promise<void> = Promise.resolve();
  private lastStatus: PrinterStatus | null = null;
  private disposers: Disposer[] = [];

  constructor(options: EscPosPrinterOptions) {
    this.transport = options.transport;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 500;
    this.retries = options.retries ?? 1;
    this.jobTimeoutMs = options.jobTimeoutMs ?? 15_000;
    this.tracker = new HealthTracker(this.transport);
  }

  start(): void {
    if (this.disposers.length > 0) return;
    this.disposers = [
      this.transport.onData((chunk) => this.receive(chunk)),
      // A reconnect loses whatever half-block was in flight.
      this.transport.onHealth(() => this.decoder.reset()),
    ];
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.waiter?.settle({ code: 'disconnected', reason: 'driver stopped' });
    await this.transport.stop();
  }

  health(): DeviceHealth {
    return this.tracker.get();
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.tracker.onChange(listener);
  }

  /** Status changes, from queries and from automatic status back blocks. */
  onStatus(listener: (status: PrinterStatus) => void): Disposer {
    return this.statusListeners.add(listener);
  }

  lastKnownStatus(): PrinterStatus | null {
    return this.lastStatus;
  }

  /** Ask DLE EOT 1–4 now (waits for a running job to finish first). */
  status(): Promise<Result<PrinterStatus, QueryFailure>> {
    return this.exclusive(() => this.queryStatus());
  }

  /**
   * Print one receipt. Rejects (RangeError) only for an invalid receipt, a
   * bug: check `validateReceipt` first when content comes from outside.
   */
  print(receipt: Receipt): Promise<PrintResult> {
    return this.exclusive(async () => {
      const job = encodeReceipt(receipt);
      const before = await this.queryStatus();
      if (!before.ok) return err(queryFailure(before.error, 'before-job'));
      const problem = blockingProblem(before.value);
      if (problem) return err(statusFailure(problem, 'before-job', before.value));

      try {
        await this.transport.write(job);
        this.tracker.sent(job);
      } catch (error) {
        return err(queryFailure({ code: 'disconnected', reason: (error as Error).message }, 'during-job'));
      }

      const done = await this.request('paper-sensor', this.jobTimeoutMs, 0);
      const after = await this.queryStatus(done.ok ? (done.value as PaperSensorStatus) : undefined);
      if (!after.ok) return err(queryFailure(after.error, 'during-job'));
      const afterProblem = blockingProblem(after.value);
      if (afterProblem) return err(statusFailure(afterProblem, 'during-job', after.value));
      if (!done.ok) return err(queryFailure(done.error, 'during-job'));
      const warnings: PrintWarning[] = after.value.paperNearEnd ? ['paper-near-end'] : [];
      return ok({ bytes: job.length, status: after.value, warnings });
    });
  }

  private async exclusive<T>(task: () => Promise<T>): Promise<T> {
    const previous = this.lock;
    let release = () => {};
    this.lock = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      return await task();
    } finally {
      release();
    }
  }

  private async queryStatus(sensor?: PaperSensorStatus): Promise<Result<PrinterStatus, QueryFailure>> {
    const replies: RealtimeStatus[] = [];
    for (const n of REALTIME_REQUESTS) {
      const reply = await this.request(n, this.replyTimeoutMs, this.retries);
      if (!reply.ok) return reply;
      replies.push(reply.value as RealtimeStatus);
    }
    const status = combineStatus(replies, sensor);
    this.publish(status);
    return ok(status);
  }

  /** One status byte: send the request, wait, retry after a timeout. */
  private async request(
    query: StatusQuery,
    timeoutMs: number,
    retries: number,
  ): Promise<Result<RealtimeStatus | PaperSensorStatus, QueryFailure>> {
    const bytes = query === 'paper-sensor' ? PAPER_SENSOR_REQUEST : encodeStatusRequest(query);
    for (let attempt = 0; ; attempt++) {
      const link = this.transport.health();
      if (link.state === 'disconnected') {
        return err({ code: 'disconnected', reason: link.lastError ?? `${this.transport.name} is not open` });
      }
      // Register before writing: the reply can beat the write's callback.
      this.decoder.expect(query);
      const outcome = this.waitFor(query, timeoutMs);
      try {
        await this.transport.write(bytes);
        this.tracker.sent(bytes);
      } catch (error) {
        this.waiter?.settle({ code: 'disconnected', reason: (error as Error).message });
      }
      const result = await outcome;
      if ('type' in result) return ok(result.status);
      this.decoder.expect(null);
      if (result.code === 'disconnected') return err(result);
      this.tracker.error(
        `no reply to ${query === 'paper-sensor' ? 'GS r 1' : `DLE EOT ${query}`} within ${timeoutMs} ms`,
      );
      if (attempt >= retries) return err(result);
    }
  }

  private waitFor(query: StatusQuery, timeoutMs: number): Promise<OneByteReply | QueryFailure> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle({ code: 'timeout', query, timeoutMs }), timeoutMs);
      const disposeHealth = this.transport.onHealth((link) => {
        if (link.state === 'disconnected')
          settle({ code: 'disconnected', reason: link.lastError ?? 'link closed' });
      });
      const settle = (outcome: OneByteReply | QueryFailure) => {
        clearTimeout(timer);
        disposeHealth();
        if (this.waiter === waiter) this.waiter = null;
        resolve(outcome);
      };
      const waiter: Waiter = { query, settle };
      this.waiter = waiter;
    });
  }

  private receive(chunk: Buffer): void {
    for (const message of this.decoder.push(chunk)) {
      switch (message.type) {
        case 'error':
          this.tracker.error(`${message.reason}: ${message.bytes}`);
          break;
        case 'asb':
          this.tracker.frame(message.bytes);
          this.publish(statusFromAsb(message.status));
          break;
        case 'realtime':
        case 'paper-sensor':
          this.tracker.frame(Uint8Array.of(message.byte));
          this.waiter?.settle(message);
          break;
      }
    }
  }

  private publish(status: PrinterStatus): void {
    if (this.lastStatus && sameStatus(this.lastStatus, status)) return;
    this.lastStatus = status;
    this.statusListeners.emit(status);
  }
}
