import type { ModbusFailure, ModbusMaster } from './modbus-master.ts';
import {
  checkCompartmentIndex,
  compartmentFromRegisters,
  compartmentRegister,
  LID_COMMAND,
  MAP_VERSION,
  REG_MAP_VERSION,
  REG_STATUS,
  REG_UPTIME_LOW,
  statusFromRegister,
  type CompartmentState,
  type ControllerStatus,
} from './register-map.ts';

export type BinResult<T> = { code: 'ok'; value: T } | ModbusFailure;

export interface BinControllerOptions {
  /** Modbus unit id of the controller on the RS-485 bus. */
  unit?: number;
}

/**
 * The bin controller through register map v1 (PROTOCOLS.md §5). Each call is
 * one Modbus transaction on the shared master, so calls from the poller and
 * from a kiosk action never interleave on the bus.
 */
export class BinController {
  readonly unit: number;

  constructor(
    private readonly master: ModbusMaster,
    options: BinControllerOptions = {},
  ) {
    this.unit = options.unit ?? 1;
  }

  async mapVersion(): Promise<BinResult<number>> {
    return this.readOne(REG_MAP_VERSION);
  }

  /** Rejects a controller speaking another map before anything is written to it. */
  async checkMapVersion(): Promise<BinResult<number>> {
    const result = await this.mapVersion();
    if (result.code === 'ok' && result.value !== MAP_VERSION) {
      return {
        code: 'bad-reply',
        reason: `controller speaks register map v${result.value}, expected v${MAP_VERSION}`,
      };
    }
    return result;
  }

  async status(): Promise<BinResult<ControllerStatus>> {
    const result = await this.readOne(REG_STATUS);
    return result.code === 'ok' ? { code: 'ok', value: statusFromRegister(result.value) } : result;
  }

  async uptimeSeconds(): Promise<BinResult<number>> {
    const result = await this.master.readHoldingRegisters(this.unit, REG_UPTIME_LOW, 2);
    if (result.code !== 'ok') return result;
    const [low = 0, high = 0] = result.registers;
    return { code: 'ok', value: high * 0x10000 + low };
  }

  async openLid(index: number): Promise<BinResult<null>> {
    return this.write(compartmentRegister(index, 'lidCommand'), LID_COMMAND.open);
  }

  async closeLid(index: number): Promise<BinResult<null>> {
    return this.write(compartmentRegister(index, 'lidCommand'), LID_COMMAND.close);
  }

  /** Seconds an open lid stays open before closing itself; 0 disables auto-close. */
  async setAutoClose(index: number, seconds: number): Promise<BinResult<null>> {
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > 0xffff) {
      throw new RangeError(`auto-close seconds must be an integer in 0..65535, got ${seconds}`);
    }
    return this.write(compartmentRegister(index, 'autoClose'), seconds);
  }

  /** One read of the compartment's five readable registers (lid state .. auto-close). */
  async compartment(index: number): Promise<BinResult<CompartmentState>> {
    checkCompartmentIndex(index);
    const result = await this.master.readHoldingRegisters(
      this.unit,
      compartmentRegister(index, 'lidState'),
      5,
    );
    if (result.code !== 'ok') return result;
    const state = compartmentFromRegisters(result.registers);
    if (!state) return { code: 'bad-reply', reason: `unknown lid state ${result.registers[0]}` };
    return { code: 'ok', value: state };
  }

  private async readOne(address: number): Promise<BinResult<number>> {
    const result = await this.master.readHoldingRegisters(this.unit, address, 1);
    return result.code === 'ok' ? { code: 'ok', value: result.registers[0]! } : result;
  }

  private async write(address: number, value: number): Promise<BinResult<null>> {
    const result = await this.master.writeSingleRegister(this.unit, address, value);
    return result.code === 'ok' ? { code: 'ok', value: null } : result;
  }
}
