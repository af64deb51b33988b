import { ok } from '@yaofang/shared/result';
import type { ByteTransport } from '../transport/types.ts';
import type { ScaleDriver, ScaleResult, WeightEvent } from './driver-types.ts';
import { PollingScaleDriver } from './polling.ts';
import { DEFAULT_STABILITY, type StabilityOptions } from './stability.ts';
import { weightReading } from './weight.ts';
import { WeightEventBuilder } from './weight-events.ts';
import {
  createYaohuaCommandDecoder,
  encodeYaohuaCommand,
  isYaohuaAddress,
  type YaohuaCommandMessage,
  type YaohuaReadingFrame,
  type YaohuaShortFrame,
} from './yaohua-cmd-codec.ts';

export interface YaohuaCommandDriverOptions {
  transport: ByteTransport;
  /** Indicator address `A`..`Z` (default `A`, address 1). */
  address?: string;
  timeoutMs?: number;
  retries?: number;
  /** Gap between gross reads while waiting for stability. */
  pollIntervalMs?: number;
  stability?: StabilityOptions;
}

/**
 * Yaohua XK3190 in command mode: the host asks, the indicator answers. No
 * stability flag on the wire, so `readStable` polls gross weight and applies
 * the same-reading rule.
 */
export class YaohuaCommandDriver extends PollingScaleDriver<YaohuaCommandMessage> implements ScaleDriver {
  private readonly address: string;
  private readonly events: WeightEventBuilder;

  constructor(options: YaohuaCommandDriverOptions) {
    super(
      options.transport,
      createYaohuaCommandDecoder(),
      { timeoutMs: options.timeoutMs ?? 300, retries: options.retries ?? 2 },
      options.pollIntervalMs ?? 100,
    );
    this.address = options.address ?? 'A';
    if (!isYaohuaAddress(this.address))
      throw new RangeError(`Yaohua address must be A–Z, got ${this.address}`);
    this.events = new WeightEventBuilder(options.stability ?? DEFAULT_STABILITY);
  }

  /** Command A: is an indicator answering at this address? */
  async handshake(): Promise<ScaleResult<void>> {
    const reply = await this.runner.request(
      'XK3190 handshake',
      encodeYaohuaCommand(this.address, 'A'),
      (m): m is YaohuaShortFrame => m.type === 'command' && m.command === 'A' && m.address === this.address,
    );
    return reply.ok ? ok(undefined) : reply;
  }

  /** Command B: gross weight, with inferred stability. */
  readGross(): Promise<ScaleResult<WeightEvent>> {
    return this.readWeight('B');
  }

  /** Command D: net weight (gross minus the stored tare). */
  readNet(): Promise<ScaleResult<WeightEvent>> {
    return this.readWeight('D');
  }

  /** Command C: the tare stored in the indicator, in grams. */
  async readTare(): Promise<ScaleResult<number>> {
    const reading = await this.read('C');
    return reading.ok ? ok(reading.value.grams) : reading;
  }

  protected override readOnce(): Promise<ScaleResult<WeightEvent | null>> {
    return this.readGross();
  }

  protected override beforeStableRead(): void {
    this.events.reset();
  }

  private async readWeight(command: 'B' | 'D'): Promise<ScaleResult<WeightEvent>> {
    const reading = await this.read(command);
    if (!reading.ok) return reading;
    const event = this.events.build(
      weightReading(reading.value.grams, { stable: null, net: command === 'D' }),
      Date.now(),
    );
    return ok(this.emitWeight(event));
  }

  private read(command: 'B' | 'C' | 'D'): Promise<ScaleResult<YaohuaReadingFrame>> {
    return this.runner.request(
      `XK3190 command ${command}`,
      encodeYaohuaCommand(this.address, command),
      (m): m is YaohuaReadingFrame =>
        m.type === 'reading' && m.command === command && m.address === this.address,
    );
  }
}
