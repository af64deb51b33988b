import type { Disposer } from '@yaofang/shared/result';
import type { ByteTransport } from '../transport/types.ts';
import { encodeSicsReply, parseSicsCommand, type SicsReply } from './sics-codec.ts';
import { ScaleSimulatorBase } from './sim-base.ts';
import { weightReading } from './weight.ts';

export interface SicsSimulatorOptions {
  /** kg decimals in replies (default 3: 1 g). */
  decimals?: number;
}

const MAX_COMMAND_LINE = 256;

/**
 * A balance speaking MT-SICS: `S` (stable weight, `S I` while moving), `SI`
 * (immediate, `S D` while moving), `Z` (zero; `Z I` while moving). A line with
 * non-printable bytes earns `ET` (as a parity error would), an unknown
 * command `ES`.
 */
export class SicsSimulator extends ScaleSimulatorBase {
  private zeroGrams = 0;
  private pending = '';
  private disposeData: Disposer | null = null;
  private commands = 0;

  constructor(transport: ByteTransport, options: SicsSimulatorOptions = {}) {
    super(transport, options.decimals ?? 3);
    this.checkShowable(0, this.model.decimals);
  }

  /** The reply the balance would give to one command line now. */
  replyTo(line: string): SicsReply {
    if (/[^\x20-\x7e]/.test(line)) return { type: 'command-error', code: 'ET' };
    const command = parseSicsCommand(line);
    const out = this.model.overload
      ? ({ type: 'out-of-range', direction: this.model.loadGrams < 0 ? 'under' : 'over' } as const)
      : null;
    switch (command) {
      case null:
        return { type: 'command-error', code: 'ES' };
      case 'S':
        if (out) return out;
        return this.model.motion ? { type: 'busy' } : this.reading();
      case 'SI':
        return out ?? this.reading();
      case 'Z':
        if (out) return { type: 'zero', result: out.direction };
        if (this.model.motion) return { type: 'zero', result: 'busy' };
        this.zeroGrams = this.model.loadGrams;
        return { type: 'zero', result: 'done' };
    }
  }

  override snapshot(): Record<string, unknown> {
    return { ...super.snapshot(), zeroGrams: this.zeroGrams, commands: this.commands };
  }

  protected formatName(): string {
    return 'sics';
  }

  protected supportsOverload(): boolean {
    return true;
  }

  protected checkShowable(grams: number, decimals: number): void {
    encodeSicsReply(weightReading(grams, { stable: true }), { decimals });
  }

  protected onStart(): void {
    this.disposeData = this.transport.onData((chunk) => void this.receive(chunk));
  }

  protected onStop(): void {
    this.disposeData?.();
    this.disposeData = null;
    this.pending = '';
  }

  private reading(): SicsReply {
    const display = this.model.nextDisplay(this.zeroGrams);
    return weightReading(display.grams, { stable: !display.motion });
  }

  private async receive(chunk: Buffer): Promise<void> {
    this.pending += chunk.toString('latin1');
    if (this.pending.length > MAX_COMMAND_LINE) this.pending = this.pending.slice(-MAX_COMMAND_LINE);
    for (;;) {
      const end = this.pending.indexOf('\n');
      if (end < 0) return;
      const line = this.pending.slice(0, end).replace(/\r$/, '');
      this.pending = this.pending.slice(end + 1);
      this.commands++;
      if (this.model.silent) continue;
      await this.send(encodeSicsReply(this.replyTo(line), { decimals: this.model.decimals }));
    }
  }
}
