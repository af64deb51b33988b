import type { ByteTransport } from '../transport/types.ts';
import { continuousFormats, type ContinuousFormat, type ContinuousFormatName } from './formats.ts';
import { ScaleSimulatorBase } from './sim-base.ts';

export interface ContinuousScaleSimulatorOptions {
  /** Gap between frames (real indicators send 5–25 frames a second). */
  intervalMs?: number;
  /** kg decimals shown; defaults to the format's spec example. */
  decimals?: number;
}

/**
 * An indicator that streams its display continuously (tf0, tf1, tf2, A12,
 * Toledo, A&D). `nextFrame()` gives the bytes the next tick would send, so
 * tests can compare them with the spec without a clock.
 */
export class ContinuousScaleSimulator extends ScaleSimulatorBase {
  private readonly format: ContinuousFormat;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private framesSent = 0;

  constructor(
    transport: ByteTransport,
    format: ContinuousFormatName,
    options: ContinuousScaleSimulatorOptions = {},
  ) {
    const spec = continuousFormats[format];
    super(transport, options.decimals ?? spec.defaultDecimals);
    this.format = spec;
    this.intervalMs = options.intervalMs ?? 100;
    this.checkShowable(0, this.model.decimals);
  }

  /** The frame the indicator would send now (advances the motion cycle). */
  nextFrame(): Uint8Array {
    return this.format.encode(this.model.nextDisplay(), this.model.decimals);
  }

  override snapshot(): Record<string, unknown> {
    return { ...super.snapshot(), intervalMs: this.intervalMs, framesSent: this.framesSent };
  }

  protected formatName(): string {
    return this.format.name;
  }

  protected supportsOverload(): boolean {
    return this.format.overloadSignal;
  }

  protected checkShowable(grams: number, decimals: number): void {
    this.format.encode({ grams, motion: false, overload: false, net: false }, decimals);
  }

  protected onStart(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  protected onStop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.model.silent || this.transport.health().state !== 'connected') return;
    this.framesSent++;
    await this.send(this.nextFrame());
  }
}
