/**
 * Register map v1 of the bin controller (PROTOCOLS.md §5), shared by the
 * driver and the simulator so the two cannot disagree about an address.
 */
export const MAP_VERSION = 1;
export const MAX_COMPARTMENTS = 4;

export const REG_MAP_VERSION = 0x0000;
export const REG_STATUS = 0x0001;
export const REG_UPTIME_LOW = 0x0002;
export const REG_UPTIME_HIGH = 0x0003;

/** Offsets inside a compartment's block at `0x0010 + 0x10·i`. */
export const COMPARTMENT_OFFSET = {
  lidCommand: 0x0,
  lidState: 0x1,
  fillPercent: 0x2,
  temperature: 0x3,
  alarms: 0x4,
  autoClose: 0x5,
} as const;

export function compartmentRegister(index: number, field: keyof typeof COMPARTMENT_OFFSET): number {
  checkCompartmentIndex(index);
  return 0x0010 + 0x10 * index + COMPARTMENT_OFFSET[field];
}

/** Compartment indexes are 0–3 in map v1; anything else is a caller bug. */
export function checkCompartmentIndex(index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_COMPARTMENTS) {
    throw new RangeError(`compartment index must be 0..${MAX_COMPARTMENTS - 1}, got ${index}`);
  }
}

export const LID_COMMAND = { none: 0, open: 1, close: 2 } as const;

export const LID_STATES = ['closed', 'opening', 'open', 'closing', 'jammed'] as const;
export type LidState = (typeof LID_STATES)[number];

export function lidStateFromRegister(value: number): LidState | null {
  return LID_STATES[value] ?? null;
}

export function lidStateToRegister(state: LidState): number {
  return LID_STATES.indexOf(state);
}

/** Alarm register bits, in bit order. */
export const ALARM_NAMES = ['smoke', 'overTemperature', 'full', 'lidJam', 'tamper'] as const;
export type AlarmName = (typeof ALARM_NAMES)[number];
export type Alarms = Record<AlarmName, boolean>;

export function alarmsFromRegister(value: number): Alarms {
  const alarms = {} as Alarms;
  ALARM_NAMES.forEach((name, bit) => (alarms[name] = (value & (1 << bit)) !== 0));
  return alarms;
}

export function alarmsToRegister(alarms: Alarms): number {
  return ALARM_NAMES.reduce((bits, name, bit) => (alarms[name] ? bits | (1 << bit) : bits), 0);
}

export interface ControllerStatus {
  ok: boolean;
  rs485Errors: boolean;
  onBattery: boolean;
}

export function statusFromRegister(value: number): ControllerStatus {
  return { ok: (value & 1) !== 0, rs485Errors: (value & 2) !== 0, onBattery: (value & 4) !== 0 };
}

export function statusToRegister(status: ControllerStatus): number {
  return (status.ok ? 1 : 0) | (status.rs485Errors ? 2 : 0) | (status.onBattery ? 4 : 0);
}

/** A register holds 16 bits; temperature is two's complement tenths of a degree. */
export function signed16(value: number): number {
  return (value << 16) >> 16;
}

export function unsigned16(value: number): number {
  return value & 0xffff;
}

export interface CompartmentState {
  lid: LidState;
  fillPercent: number;
  temperatureDeciC: number;
  alarms: Alarms;
  autoCloseSeconds: number;
}

/** Registers `0x11..0x15 + 0x10·i` (lid state .. auto-close) → a compartment; null if the lid state is unknown. */
export function compartmentFromRegisters(registers: readonly number[]): CompartmentState | null {
  const [lidValue, fill, temperature, alarms, autoClose] = registers;
  if (autoClose === undefined || lidValue === undefined) return null;
  const lid = lidStateFromRegister(lidValue);
  if (lid === null) return null;
  return {
    lid,
    fillPercent: fill!,
    temperatureDeciC: signed16(temperature!),
    alarms: alarmsFromRegister(alarms!),
    autoCloseSeconds: autoClose,
  };
}
