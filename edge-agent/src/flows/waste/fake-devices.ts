import type {
  AlarmName,
  BinEvent,
  BinResult,
  CompartmentState,
  LidState,
  PrintResult,
  scale,
} from '@yaofang/firmware-bridge';
import { emptyStatus } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import { err, ok, type Disposer } from '@yaofang/shared';
import type { BinPort, PrinterPort, ScalePort } from './ports.ts';

/**
 * In-memory devices for the waste flow's unit tests, on timers so a test
 * drives them with fake timers. Each returns the port the flow uses plus a
 * control surface, like the firmware-bridge simulators.
 */

const ALARMS_OFF: Record<AlarmName, boolean> = {
  smoke: false,
  overTemperature: false,
  full: false,
  lidJam: false,
  tamper: false,
};

export class FakeBin implements BinPort {
  readonly id = 'bin-1';
  readonly compartments: number;
  readonly states: CompartmentState[];
  readonly commands: Array<{ command: 'open' | 'close'; compartment: number }> = [];
  /** Refuse commands with this failure (a silent controller). */
  failing: 'timeout' | null = null;
  private readonly events = new Listeners<BinEvent>();
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(
    readonly categories: readonly string[] = ['kitchen', 'recyclable'],
    private readonly travelMs = 1000,
    autoCloseSeconds = 30,
  ) {
    this.compartments = categories.length;
    this.states = categories.map(() => ({
      lid: 'closed',
      fillPercent: 10,
      temperatureDeciC: 250,
      alarms: { ...ALARMS_OFF },
      autoCloseSeconds,
    }));
  }

  openLid(compartment: number): Promise<BinResult<null>> {
    this.commands.push({ command: 'open', compartment });
    if (this.failing) return Promise.resolve({ code: 'timeout', attempts: 3 });
    const lid = this.states[compartment]!.lid;
    if (lid === 'closed' || lid === 'closing') this.move(compartment, 'opening', 'open');
    return Promise.resolve({ code: 'ok', value: null });
  }

  closeLid(compartment: number): Promise<BinResult<null>> {
    this.commands.push({ command: 'close', compartment });
    if (this.failing) return Promise.resolve({ code: 'timeout', attempts: 3 });
    const lid = this.states[compartment]!.lid;
    if (lid === 'open' || lid === 'opening') this.move(compartment, 'closing', 'closed');
    return Promise.resolve({ code: 'ok', value: null });
  }

  lastKnown(compartment: number): CompartmentState | null {
    return this.states[compartment] ?? null;
  }

  onEvent(listener: (event: BinEvent) => void): Disposer {
    return this.events.add(listener);
  }

  lid(compartment: number): LidState {
    return this.states[compartment]!.lid;
  }

  setAlarm(compartment: number, alarm: AlarmName, on: boolean): void {
    this.states[compartment]!.alarms[alarm] = on;
    if (alarm === 'lidJam' && on) this.setLid(compartment, 'jammed');
    this.events.emit({ type: on ? 'alarm-raised' : 'alarm-cleared', compartment, alarm });
  }

  setFill(compartment: number, percent: number): void {
    const state = this.states[compartment]!;
    const fromPercent = state.fillPercent;
    state.fillPercent = percent;
    this.events.emit({ type: 'fill-changed', compartment, fromPercent, toPercent: percent });
  }

  /** Put a lid in a state directly (e.g. open, as found after a crash). */
  setLid(compartment: number, to: LidState): void {
    const state = this.states[compartment]!;
    const from = state.lid;
    if (from === to) return;
    state.lid = to;
    this.events.emit({ type: 'lid-changed', compartment, from, to });
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
  }

  private move(compartment: number, via: LidState, to: LidState): void {
    clearTimeout(this.timers.get(compartment));
    this.setLid(compartment, via);
    this.timers.set(
      compartment,
      setTimeout(() => {
        this.setLid(compartment, to);
        const autoClose = this.states[compartment]!.autoCloseSeconds;
        if (to === 'open' && autoClose > 0)
          this.timers.set(
            compartment,
            setTimeout(() => this.move(compartment, 'closing', 'closed'), autoClose * 1000),
          );
      }, this.travelMs),
    );
  }
}

/** A scale whose reading settles `settleMs` after each change, unless `unstable`. */
export class FakeScale implements ScalePort {
  readonly id = 'scale-1';
  unstable = false;
  disconnected = false;
  private changedAt = 0;

  constructor(
    private grams = 10_000,
    private readonly settleMs = 300,
  ) {}

  set(grams: number): void {
    this.grams = grams;
    this.changedAt = Date.now();
  }

  latest(): scale.WeightEvent | null {
    if (this.disconnected) return null;
    const stable = !this.unstable && Date.now() - this.changedAt >= this.settleMs;
    return { grams: this.grams, stable, stability: 'inferred', overload: false, net: false, at: Date.now() };
  }

  async readStable(timeoutMs: number): Promise<scale.ScaleResult<scale.WeightEvent>> {
    if (this.disconnected) return err({ code: 'disconnected', message: 'scale unplugged' });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reading = this.latest();
      if (reading?.stable) return ok(reading);
      if (Date.now() >= deadline) return err({ code: 'timeout', message: 'not stable', last: reading });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export class FakePrinter implements PrinterPort {
  readonly id = 'printer-1';
  readonly printed: Array<Parameters<PrinterPort['print']>[0]> = [];
  paperOut = false;

  print(receipt: Parameters<PrinterPort['print']>[0]): Promise<PrintResult> {
    if (this.paperOut)
      return Promise.resolve(
        err({ code: 'paper-out', stage: 'before-job', message: 'load paper', status: null }),
      );
    this.printed.push(receipt);
    return Promise.resolve(ok({ bytes: 0, status: emptyStatus(), warnings: [] }));
  }
}
