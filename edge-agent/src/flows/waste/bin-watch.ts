import type { AlarmName, BinEvent } from '@yaofang/firmware-bridge';
import type { Disposer, EventData } from '@yaofang/shared';
import { WASTE_CATEGORIES, type CompartmentView, type WasteCategory, type WasteRules } from '@yaofang/shared';
import type { Logger } from 'pino';
import { writeWithRoom } from '../../store/capacity.ts';
import type { Db } from '../../store/database.ts';
import type { EventClass, Outbox } from '../../store/outbox.ts';
import type { BinPort } from './ports.ts';
import { categoryState } from './windows.ts';

/** Alarms that lock every lid. `full` is not one: the rules' fill threshold closes only that compartment. */
export type StationAlarm = Exclude<AlarmName, 'full'>;
const STATION_ALARMS: readonly StationAlarm[] = ['smoke', 'overTemperature', 'lidJam', 'tamper'];
const isStationAlarm = (alarm: AlarmName): alarm is StationAlarm =>
  (STATION_ALARMS as readonly string[]).includes(alarm);

export interface BinWatchDeps {
  bin: BinPort;
  db: Db;
  outbox: Outbox;
  rules: () => WasteRules;
  onEventWritten: () => void;
  /** Something the station view shows changed: an alarm raised or cleared, a fill level. */
  onChange: (change: 'alarm-raised' | 'alarm-cleared' | 'fill') => void;
  log: Logger;
}

/**
 * Watches the bin controller for the waste flow: alarms (each one closes
 * every lid, is recorded as a durable `bin.alarm` event and refuses new
 * drops until cleared) and fill levels (a `bin.state` event per whole-percent
 * change). Also answers which compartment holds which category.
 */
export class BinWatch {
  private readonly alarms = new Map<number, Set<StationAlarm>>();
  private readonly reportedFill = new Map<number, number>();
  private dispose: Disposer | null = null;

  constructor(private readonly deps: BinWatchDeps) {}

  get bin(): BinPort {
    return this.deps.bin;
  }

  start(): void {
    this.dispose ??= this.deps.bin.onEvent((event) => this.handle(event));
  }

  stop(): void {
    this.dispose?.();
    this.dispose = null;
  }

  /** True while any alarm is on: every lid stays locked. */
  hasAlarm(): boolean {
    return [...this.alarms.values()].some((set) => set.size > 0);
  }

  activeAlarms(): Array<{ compartment: number; alarm: StationAlarm }> {
    return [...this.alarms].flatMap(([compartment, set]) =>
      [...set].map((alarm) => ({ compartment, alarm })),
    );
  }

  categoryOf(compartment: number): WasteCategory | null {
    const category = this.deps.bin.categories[compartment];
    return (WASTE_CATEGORIES as readonly string[]).includes(category ?? '')
      ? (category as WasteCategory)
      : null;
  }

  /** The first compartment holding `category`, or null when this station has none for it. */
  compartmentOf(category: WasteCategory): number | null {
    const index = this.deps.bin.categories.indexOf(category);
    return index < 0 ? null : index;
  }

  fillPercent(compartment: number): number | null {
    return this.deps.bin.lastKnown(compartment)?.fillPercent ?? this.reportedFill.get(compartment) ?? null;
  }

  /** Every compartment as the screens show it; an alarm anywhere faults them all. */
  views(rules: WasteRules, now: number): CompartmentView[] {
    const stationAlarm = this.activeAlarms()[0]?.alarm ?? null;
    const views: CompartmentView[] = [];
    for (let compartment = 0; compartment < this.deps.bin.compartments; compartment++) {
      const category = this.categoryOf(compartment);
      if (category === null) continue;
      const fillPercent = this.fillPercent(compartment);
      views.push({
        category,
        compartment,
        fillPercent,
        state: categoryState(rules, category, now, { fillPercent: fillPercent ?? 0, alarm: stationAlarm }),
      });
    }
    return views;
  }

  private handle(event: BinEvent): void {
    switch (event.type) {
      case 'alarm-raised':
      case 'alarm-cleared':
        if (isStationAlarm(event.alarm)) this.alarmChanged(event.compartment, event.alarm, event.type);
        return;
      case 'fill-changed':
        this.fillChanged(event.compartment, event.toPercent);
        return;
      case 'lid-changed':
      case 'poll-failed':
        return;
    }
  }

  private alarmChanged(
    compartment: number,
    alarm: StationAlarm,
    type: 'alarm-raised' | 'alarm-cleared',
  ): void {
    const set = this.alarms.get(compartment) ?? new Set<StationAlarm>();
    this.alarms.set(compartment, set);
    const raised = type === 'alarm-raised';
    if (raised === set.has(alarm)) return;
    if (raised) set.add(alarm);
    else set.delete(alarm);
    if (raised) this.closeEveryLid();
    const data: EventData<'bin.alarm'> = {
      compartment,
      category: this.categoryOf(compartment),
      alarm,
      state: raised ? 'raised' : 'cleared',
      active: this.activeAlarms().length,
    };
    this.deps.log[raised ? 'warn' : 'info'](
      data,
      raised ? 'bin alarm: every lid locked' : 'bin alarm cleared',
    );
    this.record('bin.alarm', data, 'event');
    this.deps.onChange(type);
  }

  private fillChanged(compartment: number, toPercent: number): void {
    const fillPercent = Math.max(0, Math.min(100, Math.round(toPercent)));
    if (this.reportedFill.get(compartment) === fillPercent) return;
    this.reportedFill.set(compartment, fillPercent);
    const category = this.categoryOf(compartment);
    const threshold = category ? this.deps.rules().categories[category].fullThresholdPercent : 100;
    const data: EventData<'bin.state'> = {
      compartment,
      category,
      fillPercent,
      full: fillPercent >= threshold,
    };
    this.record('bin.state', data, 'droppable');
    this.deps.onChange('fill');
  }

  private closeEveryLid(): void {
    for (let compartment = 0; compartment < this.deps.bin.compartments; compartment++) {
      void this.deps.bin.closeLid(compartment).then((result) => {
        if (result.code !== 'ok')
          this.deps.log.error({ compartment, failure: result.code }, 'could not close a lid during an alarm');
      });
    }
  }

  private record(
    type: 'bin.alarm' | 'bin.state',
    data: Record<string, unknown>,
    eventClass: EventClass,
  ): void {
    const written = writeWithRoom(this.deps.db, () => this.deps.outbox.appendNow(type, data, eventClass));
    if (written.ok) this.deps.onEventWritten();
    else this.deps.log.error({ type, reason: written.error.message }, 'bin event not recorded');
  }
}
