import type { ByteTransport } from '../transport/types.ts';
import type { Disposer } from '@yaofang/shared/result';
import { ScaleSimulatorBase } from './sim-base.ts';
import {
  createYaohuaCommandDecoder,
  encodeYaohuaCommand,
  encodeYaohuaReading,
  isYaohuaAddress,
  type YaohuaCommandCode,
} from './yaohua-cmd-codec.ts';

export interface YaohuaCommandSimulatorOptions {
  /** Indicator address `A`..`Z`. */
  address?: string;
  decimals?: number;
}

/**
 * An XK3190 in command mode: answers A (handshake echo), B (gross), C (tare),
 * D (net) addressed to it; ignores other addresses and bad frames, as a bus
 * device must. `tare` is the front-panel TARE key.
 */
export class YaohuaCommandSimulator extends ScaleSimulatorBase {
  private readonly decoder = createYaohuaCommandDecoder();
  private readonly address: string;
  private tareGrams = 0;
  private disposeData: Disposer | null = null;
  private requests = 0;

  constructor(transport: ByteTransport, options: YaohuaCommandSimulatorOptions = {}) {
    super(transport, options.decimals ?? 2, ['tare [clear]']);
    this.address = options.address ?? 'A';
    if (!isYaohuaAddress(this.address))
      throw new RangeError(`Yaohua address must be A–Z, got ${this.address}`);
    this.checkShowable(0, this.model.decimals);
  }

  /** The reply the indicator would give to `command` now. */
  replyTo(command: YaohuaCommandCode): Uint8Array {
    switch (command) {
      case 'A':
        return encodeYaohuaCommand(this.address, 'A');
      case 'B':
        return encodeYaohuaReading(this.address, 'B', this.model.nextDisplay().grams, this.model.decimals);
      case 'C':
        return encodeYaohuaReading(this.address, 'C', this.tareGrams, this.model.decimals);
      case 'D':
        return encodeYaohuaReading(
          this.address,
          'D',
          this.model.nextDisplay(this.tareGrams).grams,
          this.model.decimals,
        );
    }
  }

  override snapshot(): Record<string, unknown> {
    return { ...super.snapshot(), address: this.address, tareGrams: this.tareGrams, requests: this.requests };
  }

  /** TARE key: the current load becomes the tare (or the tare is cleared). */
  protected override tare(clear: boolean): string {
    this.tareGrams = clear ? 0 : this.model.loadGrams;
    return `tare ${this.tareGrams} g`;
  }

  protected formatName(): string {
    return 'cmd';
  }

  protected supportsOverload(): boolean {
    return false;
  }

  protected checkShowable(grams: number, decimals: number): void {
    encodeYaohuaReading('A', 'B', grams, decimals);
  }

  protected onStart(): void {
    this.disposeData = this.transport.onData((chunk) => void this.receive(chunk));
  }

  protected onStop(): void {
    this.disposeData?.();
    this.disposeData = null;
    this.decoder.reset();
  }

  private async receive(chunk: Buffer): Promise<void> {
    for (const message of this.decoder.push(chunk)) {
      if (message.type !== 'command' || message.address !== this.address) continue;
      this.requests++;
      if (this.model.silent) continue;
      await this.send(this.replyTo(message.command));
    }
  }
}
