import { nextStability, type StabilityOptions, type StabilityState } from './stability.ts';
import type { WeightEvent } from './driver-types.ts';
import type { WeightReading } from './weight.ts';

/**
 * Turns codec readings into driver events: the device's stability flag when
 * it has one, otherwise the same-reading rule of `stability.ts`.
 */
export class WeightEventBuilder {
  private run: StabilityState | null = null;

  constructor(private readonly options: StabilityOptions) {}

  build(reading: WeightReading, at: number): WeightEvent {
    if (reading.stable !== null) {
      this.run = null;
      const stable = reading.stable && !reading.overload;
      return { ...fields(reading), stable, stability: 'device', at };
    }
    this.run = nextStability(this.run, reading, at, this.options);
    return { ...fields(reading), stable: this.run?.stable ?? false, stability: 'inferred', at };
  }

  /** Forget the run (after a reconnect, or before a fresh poll sequence). */
  reset(): void {
    this.run = null;
  }
}

const fields = (r: WeightReading) => ({ grams: r.grams, overload: r.overload, net: r.net });
