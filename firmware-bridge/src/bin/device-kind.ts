import type { DecodeError, StreamDecoder } from '../codec.ts';
import type { DeviceKind } from '../device.ts';
import { BinSimulator } from './bin-simulator.ts';
import type { ModbusRequest, ModbusResponse } from './modbus-frames.ts';
import { ModbusRequestDecoder, ModbusResponseDecoder } from './modbus-stream.ts';

type JsonMessage = Record<string, unknown> & { type: string };

/**
 * The `decode` contract: what the host receives is responses, so the default
 * format decodes those (`modbus.response` / `modbus.exception`). The `request`
 * format decodes what a master sends (`modbus.request`), for captures taken on
 * the device side of the bus.
 */
export const MODBUS_FORMATS = ['response', 'request'] as const;

export function responseToJson(message: ModbusResponse | DecodeError): JsonMessage {
  switch (message.type) {
    case 'error':
      return { ...message };
    case 'exception':
      return {
        type: 'modbus.exception',
        unit: message.unit,
        fn: message.fn,
        code: message.code,
        name: message.name,
      };
    case 'read-response':
      return { type: 'modbus.response', unit: message.unit, fn: message.fn, registers: message.registers };
    case 'write-single-response': {
      const { unit, fn, address, value } = message;
      return { type: 'modbus.response', unit, fn, registers: [address, value], address, value };
    }
    case 'write-multiple-response': {
      const { unit, fn, address, count } = message;
      return { type: 'modbus.response', unit, fn, registers: [address, count], address, count };
    }
  }
}

export function requestToJson(message: ModbusRequest | DecodeError): JsonMessage {
  switch (message.type) {
    case 'error':
      return { ...message };
    case 'read-request':
      return {
        type: 'modbus.request',
        unit: message.unit,
        fn: message.fn,
        address: message.address,
        count: message.count,
      };
    case 'write-single-request':
      return {
        type: 'modbus.request',
        unit: message.unit,
        fn: message.fn,
        address: message.address,
        value: message.value,
      };
    case 'write-multiple-request': {
      const { unit, fn, address, values } = message;
      return { type: 'modbus.request', unit, fn, address, count: values.length, values };
    }
    case 'unsupported-request':
      return { type: 'modbus.request', unit: message.unit, fn: message.fn, data: message.data };
  }
}

export function createModbusJsonDecoder(format = 'response'): StreamDecoder<JsonMessage> {
  switch (format) {
    case 'response': {
      const decoder = new ModbusResponseDecoder();
      return { push: (chunk) => decoder.push(chunk).map(responseToJson), reset: () => decoder.reset() };
    }
    case 'request': {
      const decoder = new ModbusRequestDecoder();
      return { push: (chunk) => decoder.push(chunk).map(requestToJson), reset: () => decoder.reset() };
    }
    default:
      throw new RangeError(
        `unknown modbus format ${JSON.stringify(format)}; known: ${MODBUS_FORMATS.join(', ')}`,
      );
  }
}

const serial = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;

/** Modbus RTU on RS-485 in general; its simulator is the bin controller, our only Modbus slave. */
export const modbusKind: DeviceKind = {
  kind: 'modbus',
  description: 'Modbus RTU over RS-485, 9600 8N1 (functions 03/06/16; simulator: bin controller, map v1)',
  formats: MODBUS_FORMATS,
  defaultFormat: 'response',
  serial,
  createJsonDecoder: createModbusJsonDecoder,
  createSimulator: (transport) => new BinSimulator(transport),
};

export const binControllerKind: DeviceKind = {
  kind: 'bin-controller',
  description: 'Bin controller (lids, fill, temperature, alarms), Modbus RTU register map v1, unit 1',
  formats: MODBUS_FORMATS,
  defaultFormat: 'response',
  serial,
  createJsonDecoder: createModbusJsonDecoder,
  createSimulator: (transport) => new BinSimulator(transport),
};
