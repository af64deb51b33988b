import type { Disposer } from '@yaofang/shared/result';
import { Listeners } from '../transport/emitter.ts';
import type { BinController } from './bin-controller.ts';
import type { ModbusFailure } from './modbus-master.ts';
import {
  ALARM_NAMES,
  checkCompartmentIndex,
  type AlarmName,
  type CompartmentState,
  type LidState,
} from './register-map.ts';

export type BinEvent =
  | { type: 'lid-changed'; compartment: number; from: LidState; to: LidState }
  | { type: 'alarm-raised'; compartment: number; alarm: AlarmName }
  | { type: 'alarm-cleared'; compartment: number; alarm: AlarmName }
  | { type: 'fill-changed'; compartment: number; fromPercent: number; toPercent: number }
  /** A compartment could not be read; emitted when the failure code changes, not on every poll. */
  | { type: 'poll-failed'; compartment: number; failure: ModbusFailure };

export interface BinPollerOptions {
  /** Which compartments to watch (indexes 0–3). */
  compartments?: number[];
  intervalMs?: number;
}

/**
 * Polls compartments and turns differences into typed events. The first good
 * read is the baseline: it emits no lid or fill event, but does emit
 * `alarm-raised` for alarms already active, since a smoke alarm that was on
 * before the bridge started still needs someone to hear about it.
 */
export class BinPoller {
  private readonly events = new Listeners<BinEvent>();
  private readonly compartments: number[];
  private readonly intervalMs: number;
  private readonly known = new Map<number, CompartmentState>();
  private readonly failing = new Map<number, ModbusFailure['code']>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly controller: BinController,
    options: BinPollerOptions = {},
  ) {
    this.compartments = options.compartments ?? [0, 1, 2, 3];
    this.compartments.forEach(checkCompartmentIndex); // a bad index is a caller bug: fail now, not in a timer
    this.intervalMs = options.intervalMs ?? 500;
  }

  onEvent(listener: (event: BinEvent) => void): Disposer {
    return this.events.add(listener);
  }

  /** The last state read for a compartment, or null before the first good read. */
  last(index: number): CompartmentState | null {
    return this.known.get(index) ?? null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** One pass over every watched compartment (also what the timer runs). */
  async pollOnce(): Promise<void> {
    for (const index of this.compartments) {
      const result = await this.controller.compartment(index);
      if (result.code === 'ok') {
        this.failing.delete(index);
        this.compare(index, this.known.get(index) ?? null, result.value);
        this.known.set(index, result.value);
      } else if (this.failing.get(index) !== result.code) {
        this.failing.set(index, result.code);
        this.events.emit({ type: 'poll-failed', compartment: index, failure: result });
      }
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.inFlight = this.pollOnce().finally(() => {
        this.inFlight = null;
        if (this.running) this.schedule(this.intervalMs);
      });
    }, delayMs);
  }

  private compare(compartment: number, before: CompartmentState | null, now: CompartmentState): void {
    if (before && before.lid !== now.lid) {
      this.events.emit({ type: 'lid-changed', compartment, from: before.lid, to: now.lid });
    }
    for (const alarm of ALARM_NAMES) {
      const was = before?.alarms[alarm] ?? false;
      if (now.alarms[alarm] && !was) this.events.emit({ type: 'alarm-raised', compartment, alarm });
      if (!now.alarms[alarm] && was) this.events.emit({ type: 'alarm-cleared', compartment, alarm });
    }
    if (before && before.fillPercent !== now.fillPercent) {
      this.events.emit({
        type: 'fill-changed',
        compartment,
        fromPercent: before.fillPercent,
        toPercent: now.fillPercent,
      });
    }
  }
}
