import {
  exception,
  MAX_READ_COUNT,
  MAX_WRITE_COUNT,
  type ExceptionCode,
  type ModbusRequest,
  type ModbusResponse,
} from './modbus-frames.ts';
import {
  alarmsToRegister,
  COMPARTMENT_OFFSET,
  LID_COMMAND,
  lidStateToRegister,
  MAP_VERSION,
  REG_MAP_VERSION,
  REG_STATUS,
  REG_UPTIME_HIGH,
  REG_UPTIME_LOW,
  unsigned16,
  type CompartmentState,
} from './register-map.ts';

/** Longest auto-close timeout the controller accepts; larger writes get "illegal value". */
export const MAX_AUTO_CLOSE_SECONDS = 3600;

/** What register map v1 needs from the controller's state machine. */
export interface RegisterBackedController {
  readonly compartmentCount: number;
  statusRegister(): number;
  uptimeSeconds(): number;
  compartment(index: number): CompartmentState;
  openLid(index: number): boolean;
  closeLid(index: number): boolean;
  setAutoClose(index: number, seconds: number): void;
}

/**
 * Register map v1 (PROTOCOLS.md §5) as the slave applies it: reads of
 * unmapped or write-only registers and writes to unmapped or read-only ones
 * are "illegal address" (02); bad counts and values "illegal value" (03); a
 * lid command to a jammed lid "device failure" (04); other functions "illegal
 * function" (01). A multi-register write is checked in full before any of it
 * is applied.
 */
export function executeRequest(controller: RegisterBackedController, request: ModbusRequest): ModbusResponse {
  const { unit } = request;
  switch (request.type) {
    case 'read-request': {
      const { address, count } = request;
      if (count < 1 || count > MAX_READ_COUNT) return exception(unit, request.fn, 3);
      const registers: number[] = [];
      for (let a = address; a < address + count; a++) {
        const value = readRegister(controller, a);
        if (value === null) return exception(unit, request.fn, 2);
        registers.push(value);
      }
      return { type: 'read-response', unit, fn: request.fn, registers };
    }
    case 'write-single-request': {
      const { address, value } = request;
      const code = checkWrite(controller, address, value);
      if (code !== null) return exception(unit, request.fn, code);
      applyWrite(controller, address, value);
      return { type: 'write-single-response', unit, fn: request.fn, address, value };
    }
    case 'write-multiple-request': {
      const { address, values } = request;
      if (values.length < 1 || values.length > MAX_WRITE_COUNT) return exception(unit, request.fn, 3);
      for (let i = 0; i < values.length; i++) {
        const code = checkWrite(controller, address + i, values[i]!);
        if (code !== null) return exception(unit, request.fn, code);
      }
      values.forEach((value, i) => applyWrite(controller, address + i, value));
      return { type: 'write-multiple-response', unit, fn: request.fn, address, count: values.length };
    }
    case 'unsupported-request':
      return exception(unit, request.fn, 1);
  }
}

function readRegister(controller: RegisterBackedController, address: number): number | null {
  switch (address) {
    case REG_MAP_VERSION:
      return MAP_VERSION;
    case REG_STATUS:
      return controller.statusRegister();
    case REG_UPTIME_LOW:
      return controller.uptimeSeconds() & 0xffff;
    case REG_UPTIME_HIGH:
      return controller.uptimeSeconds() >>> 16;
  }
  const slot = compartmentSlot(controller, address);
  if (!slot) return null;
  const state = controller.compartment(slot.index);
  switch (slot.offset) {
    case COMPARTMENT_OFFSET.lidState:
      return lidStateToRegister(state.lid);
    case COMPARTMENT_OFFSET.fillPercent:
      return state.fillPercent;
    case COMPARTMENT_OFFSET.temperature:
      return unsigned16(state.temperatureDeciC);
    case COMPARTMENT_OFFSET.alarms:
      return alarmsToRegister(state.alarms);
    case COMPARTMENT_OFFSET.autoClose:
      return state.autoCloseSeconds;
    default:
      return null; // the lid command register is write-only; 0x16–0x1F are unmapped
  }
}

/** Null when the write is allowed, else the exception code. */
function checkWrite(
  controller: RegisterBackedController,
  address: number,
  value: number,
): ExceptionCode | null {
  const slot = compartmentSlot(controller, address);
  if (slot?.offset === COMPARTMENT_OFFSET.lidCommand) {
    if (value === LID_COMMAND.none) return null;
    if (value !== LID_COMMAND.open && value !== LID_COMMAND.close) return 3;
    return controller.compartment(slot.index).lid === 'jammed' ? 4 : null;
  }
  if (slot?.offset === COMPARTMENT_OFFSET.autoClose) return value <= MAX_AUTO_CLOSE_SECONDS ? null : 3;
  return 2; // read-only or unmapped
}

/** Only after `checkWrite` passed for this address and value. */
function applyWrite(controller: RegisterBackedController, address: number, value: number): void {
  const slot = compartmentSlot(controller, address)!;
  if (slot.offset === COMPARTMENT_OFFSET.autoClose) controller.setAutoClose(slot.index, value);
  else if (value === LID_COMMAND.open) controller.openLid(slot.index);
  else if (value === LID_COMMAND.close) controller.closeLid(slot.index);
}

function compartmentSlot(
  controller: RegisterBackedController,
  address: number,
): { index: number; offset: number } | null {
  const index = (address >> 4) - 1;
  if (address < 0x10 || index >= controller.compartmentCount) return null;
  return { index, offset: address & 0x0f };
}
