import {
  executeRequest,
  MAX_AUTO_CLOSE_SECONDS,
  type RegisterBackedController,
} from './bin-sim-registers.ts';
import type { ModbusRequest, ModbusResponse } from './modbus-frames.ts';
import {
  checkCompartmentIndex,
  MAX_COMPARTMENTS,
  statusToRegister,
  type CompartmentState,
  type LidState,
} from './register-map.ts';

export interface BinSimOptions {
  /** Modbus unit id this controller answers to (1–247). */
  unit?: number;
  /** 1–4 compartments; registers of absent ones are illegal addresses. */
  compartments?: number;
  /** How long a lid takes to open or close. */
  lidTravelMs?: number;
  /** Initial auto-close timeout of every compartment; 0 disables auto-close. */
  autoCloseSeconds?: number;
  /** Fill level at which the `full` alarm is raised. */
  fullPercent?: number;
  /** Temperature (0.1 °C) at which the `overTemperature` alarm is raised. */
  overTemperatureDeciC?: number;
}

interface Compartment {
  lid: LidState;
  fillPercent: number;
  temperatureDeciC: number;
  smoke: boolean;
  tamper: boolean;
  autoCloseSeconds: number;
  timer: NodeJS.Timeout | null;
}

/**
 * The bin controller's state machine and register map v1, without any I/O:
 * `handle(request)` gives the reply (or null for none). Lid motion runs on
 * timers so tests drive it with fake timers.
 */
export class BinControllerModel implements RegisterBackedController {
  readonly unit: number;
  readonly compartmentCount: number;
  private readonly lidTravelMs: number;
  private readonly fullPercent: number;
  private readonly overTemperatureDeciC: number;
  private readonly compartments: Compartment[];
  private startedAt = Date.now();
  private uptimeOffsetSeconds = 0;
  private fault = false;
  private onBattery = false;
  private rs485Errors = false;

  constructor(options: BinSimOptions = {}) {
    this.unit = options.unit ?? 1;
    this.compartmentCount = options.compartments ?? MAX_COMPARTMENTS;
    if (!Number.isInteger(this.compartmentCount) || this.compartmentCount < 1 || this.compartmentCount > 4) {
      throw new RangeError(`a bin controller has 1..4 compartments, got ${this.compartmentCount}`);
    }
    if (!Number.isInteger(this.unit) || this.unit < 1 || this.unit > 247) {
      throw new RangeError(`Modbus unit id must be 1..247, got ${this.unit}`);
    }
    this.lidTravelMs = options.lidTravelMs ?? 1500;
    this.fullPercent = options.fullPercent ?? 90;
    this.overTemperatureDeciC = options.overTemperatureDeciC ?? 600;
    this.compartments = Array.from({ length: this.compartmentCount }, () => ({
      lid: 'closed',
      fillPercent: 0,
      temperatureDeciC: 250,
      smoke: false,
      tamper: false,
      autoCloseSeconds: options.autoCloseSeconds ?? 30,
      timer: null,
    }));
  }

  /** The reply to one request, or null when this controller must stay quiet. */
  handle(request: ModbusRequest): ModbusResponse | null {
    const broadcast = request.unit === 0;
    if (!broadcast && request.unit !== this.unit) return null; // another slave on the bus
    const reply = executeRequest(this, request);
    return broadcast ? null : reply;
  }

  restart(): void {
    this.startedAt = Date.now();
    this.uptimeOffsetSeconds = 0;
  }

  dispose(): void {
    for (const compartment of this.compartments) this.stopTimer(compartment);
  }

  // ---- typed control, for tests and the text commands ----

  compartment(index: number): CompartmentState {
    const c = this.get(index);
    return {
      lid: c.lid,
      fillPercent: c.fillPercent,
      temperatureDeciC: c.temperatureDeciC,
      alarms: {
        smoke: c.smoke,
        overTemperature: c.temperatureDeciC >= this.overTemperatureDeciC,
        full: c.fillPercent >= this.fullPercent,
        lidJam: c.lid === 'jammed',
        tamper: c.tamper,
      },
      autoCloseSeconds: c.autoCloseSeconds,
    };
  }

  /** Start opening a lid, as the lid command register or a local button does; false when jammed. */
  openLid(index: number): boolean {
    const c = this.get(index);
    switch (c.lid) {
      case 'jammed':
        return false;
      case 'open':
        this.scheduleAutoClose(c); // a second "open" restarts the countdown
        return true;
      case 'opening':
        return true;
      case 'closed':
      case 'closing':
        this.move(c, 'opening', 'open');
        return true;
    }
  }

  closeLid(index: number): boolean {
    const c = this.get(index);
    switch (c.lid) {
      case 'jammed':
        return false;
      case 'closed':
      case 'closing':
        return true;
      case 'open':
      case 'opening':
        this.move(c, 'closing', 'closed');
        return true;
    }
  }

  /** A stuck lid: motion stops at once (state 4, alarm bit 3); freeing it re-homes the lid closed. */
  setJam(index: number, jammed: boolean): void {
    const c = this.get(index);
    if (jammed) {
      this.stopTimer(c);
      c.lid = 'jammed';
    } else if (c.lid === 'jammed') {
      this.move(c, 'closing', 'closed');
    }
  }

  setFill(index: number, percent: number): void {
    this.get(index).fillPercent = checkInt('fill percent', percent, 0, 100);
  }

  setTemperature(index: number, deciC: number): void {
    this.get(index).temperatureDeciC = checkInt('temperature (0.1 °C)', deciC, -32768, 32767);
  }

  setSmoke(index: number, on: boolean): void {
    this.get(index).smoke = on;
  }

  /** Tamper is a cabinet switch: without an index it affects every compartment. */
  setTamper(on: boolean, index?: number): void {
    const targets = index === undefined ? this.compartments : [this.get(index)];
    for (const c of targets) c.tamper = on;
  }

  setAutoClose(index: number, seconds: number): void {
    const c = this.get(index);
    c.autoCloseSeconds = checkInt('auto-close seconds', seconds, 0, MAX_AUTO_CLOSE_SECONDS);
    if (c.lid === 'open') this.scheduleAutoClose(c);
  }

  setOnBattery(on: boolean): void {
    this.onBattery = on;
  }

  setFault(on: boolean): void {
    this.fault = on;
  }

  /** Called by the simulator when bytes on the bus formed no valid frame (status bit 1, sticky). */
  noteRs485Error(): void {
    this.rs485Errors = true;
  }

  setUptimeSeconds(seconds: number): void {
    this.uptimeOffsetSeconds = checkInt('uptime seconds', seconds, 0, 0xffffffff);
    this.startedAt = Date.now();
  }

  uptimeSeconds(): number {
    return (this.uptimeOffsetSeconds + Math.floor((Date.now() - this.startedAt) / 1000)) >>> 0;
  }

  statusRegister(): number {
    return statusToRegister({ ok: !this.fault, rs485Errors: this.rs485Errors, onBattery: this.onBattery });
  }

  private move(c: Compartment, moving: 'opening' | 'closing', arrived: 'open' | 'closed'): void {
    this.stopTimer(c);
    c.lid = moving;
    c.timer = setTimeout(() => {
      c.timer = null;
      c.lid = arrived;
      if (arrived === 'open') this.scheduleAutoClose(c);
    }, this.lidTravelMs);
  }

  private scheduleAutoClose(c: Compartment): void {
    this.stopTimer(c);
    if (c.autoCloseSeconds === 0) return;
    c.timer = setTimeout(() => {
      c.timer = null;
      this.move(c, 'closing', 'closed');
    }, c.autoCloseSeconds * 1000);
  }

  private stopTimer(c: Compartment): void {
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
  }

  private get(index: number): Compartment {
    checkCompartmentIndex(index);
    const c = this.compartments[index];
    if (!c)
      throw new RangeError(`this controller has ${this.compartmentCount} compartments, not index ${index}`);
    return c;
  }
}

function checkInt(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in ${min}..${max}, got ${value}`);
  }
  return value;
}
