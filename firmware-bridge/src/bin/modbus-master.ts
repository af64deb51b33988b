import type { Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import type { ByteTransport } from '../transport/types.ts';
import {
  encodeRequest,
  FN_READ_HOLDING,
  FN_WRITE_MULTIPLE,
  FN_WRITE_SINGLE,
  type ExceptionName,
  type ModbusRequest,
  type ModbusResponse,
} from './modbus-frames.ts';
import { ModbusResponseDecoder } from './modbus-stream.ts';

/** Expected ways a request fails; values, never thrown. */
export type ModbusFailure =
  | { code: 'exception'; exception: number; name: ExceptionName }
  | { code: 'timeout'; attempts: number }
  /** Bytes arrived but none formed the reply (broken CRC, noise), and the retries ran out. */
  | { code: 'crc-error'; attempts: number; reason: string }
  | { code: 'disconnected'; reason: string }
  /** A well-formed reply that does not answer the request (wrong echo, value outside the map). */
  | { code: 'bad-reply'; reason: string };

export type ModbusResult =
  { code: 'ok'; response: Exclude<ModbusResponse, { type: 'exception' }> } | ModbusFailure;

export interface ModbusMasterOptions {
  /** How long to wait for each reply. A 255-byte frame alone takes ~270 ms at 9600 baud. */
  timeoutMs?: number;
  /** Further attempts after a timeout or a corrupt reply (not after an exception reply). */
  retries?: number;
  /** Silence kept on the bus before each request: RTU needs 3.5 characters (~4 ms at 9600). */
  interFrameGapMs?: number;
}

interface Pending {
  corruptReason: string | null;
  settle(result: ModbusResult): void;
}

/**
 * Modbus RTU master over one ByteTransport: one request at a time (a bus has
 * one master and half-duplex slaves), per-request timeout and retries, health
 * via HealthTracker. Owns its transport: `start()` starts it.
 */
export class ModbusMaster {
  private readonly decoder = new ModbusResponseDecoder();
  private readonly tracker: HealthTracker;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly gapMs: number;
  private disposers: Disposer[] = [];
  private pending: Pending | null = null;
  private queue: Promise<void> = Promise.resolve();
  private lastActivityAt = 0;

  constructor(
    private readonly transport: ByteTransport,
    options: ModbusMasterOptions = {},
  ) {
    this.tracker = new HealthTracker(transport);
    this.timeoutMs = options.timeoutMs ?? 500;
    this.retries = options.retries ?? 2;
    this.gapMs = options.interFrameGapMs ?? 4;
  }

  start(): void {
    if (this.disposers.length > 0) return;
    this.disposers = [
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((link) => {
        if (link.state === 'disconnected') this.pending?.settle(disconnected(link.lastError ?? 'link down'));
      }),
    ];
    this.transport.start();
  }

  async stop(): Promise<void> {
    this.pending?.settle(disconnected('driver stopped'));
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
    this.tracker.dispose();
    await this.transport.stop();
  }

  health(): DeviceHealth {
    return this.tracker.get();
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.tracker.onChange(listener);
  }

  async readHoldingRegisters(
    unit: number,
    address: number,
    count: number,
  ): Promise<{ code: 'ok'; registers: number[] } | ModbusFailure> {
    const result = await this.request({ type: 'read-request', unit, fn: FN_READ_HOLDING, address, count });
    if (result.code !== 'ok') return result;
    if (result.response.type !== 'read-response' || result.response.registers.length !== count) {
      return { code: 'bad-reply', reason: `expected ${count} registers` };
    }
    return { code: 'ok', registers: result.response.registers };
  }

  async writeSingleRegister(
    unit: number,
    address: number,
    value: number,
  ): Promise<{ code: 'ok' } | ModbusFailure> {
    const result = await this.request({
      type: 'write-single-request',
      unit,
      fn: FN_WRITE_SINGLE,
      address,
      value,
    });
    if (result.code !== 'ok') return result;
    const echo = result.response;
    if (echo.type !== 'write-single-response' || echo.address !== address || echo.value !== value) {
      return { code: 'bad-reply', reason: `write of ${value} to ${address} was not echoed` };
    }
    return { code: 'ok' };
  }

  async writeMultipleRegisters(
    unit: number,
    address: number,
    values: number[],
  ): Promise<{ code: 'ok' } | ModbusFailure> {
    const result = await this.request({
      type: 'write-multiple-request',
      unit,
      fn: FN_WRITE_MULTIPLE,
      address,
      values,
    });
    if (result.code !== 'ok') return result;
    const echo = result.response;
    if (echo.type !== 'write-multiple-response' || echo.address !== address || echo.count !== values.length) {
      return {
        code: 'bad-reply',
        reason: `write of ${values.length} registers at ${address} was not echoed`,
      };
    }
    return { code: 'ok' };
  }

  /**
   * Send one request and wait for its reply, retrying after a timeout or a
   * corrupt reply. Unit 0 (broadcast) gets no reply, so it is refused here.
   */
  async request(request: ModbusRequest): Promise<ModbusResult> {
    if (request.unit === 0)
      throw new RangeError('broadcast (unit 0) has no reply; not supported by request()');
    const frame = encodeRequest(request); // throws on a caller bug before we take the bus
    const release = await this.acquire();
    try {
      let last: ModbusResult = { code: 'timeout', attempts: 0 };
      for (let attempt = 1; attempt <= this.retries + 1; attempt++) {
        last = await this.attempt(request, frame, attempt);
        if (last.code !== 'timeout' && last.code !== 'crc-error') return last;
      }
      return last;
    } finally {
      release();
    }
  }

  private async attempt(request: ModbusRequest, frame: Uint8Array, attempt: number): Promise<ModbusResult> {
    const link = this.transport.health();
    if (link.state === 'disconnected') return disconnected(link.lastError ?? 'link down');
    await this.waitForSilence();
    this.decoder.reset(); // a half-received late reply must not join the next one
    this.decoder.expect(request);
    return new Promise<ModbusResult>((resolve) => {
      const pending: Pending = {
        corruptReason: null,
        settle: (result) => {
          if (this.pending !== pending) return;
          clearTimeout(timer);
          this.pending = null;
          resolve(result);
        },
      };
      const timer = setTimeout(() => {
        const reason = pending.corruptReason;
        this.tracker.error(reason ? `corrupt reply: ${reason}` : `no reply within ${this.timeoutMs} ms`);
        pending.settle(
          reason ? { code: 'crc-error', attempts: attempt, reason } : { code: 'timeout', attempts: attempt },
        );
      }, this.timeoutMs);
      this.pending = pending;
      this.tracker.sent(frame);
      this.transport.write(frame).then(
        () => (this.lastActivityAt = Date.now()),
        (error: Error) => pending.settle(disconnected(error.message)),
      );
    });
  }

  private receive(chunk: Uint8Array): void {
    this.lastActivityAt = Date.now();
    for (const item of this.decoder.pushFrames(chunk)) {
      const pending = this.pending;
      if (item.type === 'error') {
        this.tracker.error(`${item.reason}: ${item.bytes}`);
        if (pending) pending.corruptReason = item.reason;
        continue;
      }
      const message = item.response;
      this.tracker.frame(item.bytes);
      if (!pending) continue; // a late reply to a request that already timed out
      if (message.type === 'exception') {
        this.tracker.error(`exception ${message.code} (${message.name}) for function ${message.fn}`);
        pending.settle({ code: 'exception', exception: message.code, name: message.name });
      } else {
        pending.settle({ code: 'ok', response: message });
      }
    }
  }

  private async waitForSilence(): Promise<void> {
    const wait = this.lastActivityAt + this.gapMs - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** A promise-chain mutex; the caller must release in `finally`. */
  private async acquire(): Promise<() => void> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    await previous;
    return release;
  }
}

function disconnected(reason: string): ModbusFailure {
  return { code: 'disconnected', reason };
}
