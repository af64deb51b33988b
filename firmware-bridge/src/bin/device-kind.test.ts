import { describe, expect, it } from 'vitest';
import { fromHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { BinSimulator } from './bin-simulator.ts';
import { binControllerKind, modbusKind } from './device-kind.ts';

const bytes = (hex: string) => fromHex(hex)!;

describe('modbus DeviceKind decode contract', () => {
  it('describes 9600 8N1 with response and request formats', () => {
    expect(modbusKind).toMatchObject({
      kind: 'modbus',
      serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
      formats: ['response', 'request'],
      defaultFormat: 'response',
    });
    expect(binControllerKind.kind).toBe('bin-controller');
  });

  it('turns responses into modbus.response / modbus.exception objects', () => {
    const decoder = modbusKind.createJsonDecoder();
    const out = decoder.push(
      bytes(
        '01 03 04 00 01 00 01 6A 33' +
          '01 83 02 C0 F1' +
          '01 06 00 01 00 01 19 CA' +
          '01 10 00 01 00 02 10 08',
      ),
    );
    expect(out).toEqual([
      { type: 'modbus.response', unit: 1, fn: 3, registers: [1, 1] },
      { type: 'modbus.exception', unit: 1, fn: 3, code: 2, name: 'illegal-address' },
      { type: 'modbus.response', unit: 1, fn: 6, registers: [1, 1], address: 1, value: 1 },
      { type: 'modbus.response', unit: 1, fn: 16, registers: [1, 2], address: 1, count: 2 },
    ]);
  });

  it('reports bytes that form no frame as an error and still decodes the frame after them', () => {
    const decoder = binControllerKind.createJsonDecoder('response');
    expect(decoder.push(bytes('FF AA 55 01 83 02 C0 F1'))).toEqual([
      { type: 'error', reason: 'bytes that form no Modbus frame', bytes: 'FF AA 55' },
      { type: 'modbus.exception', unit: 1, fn: 3, code: 2, name: 'illegal-address' },
    ]);
  });

  it('decodes the golden requests with the request format', () => {
    const decoder = modbusKind.createJsonDecoder('request');
    const out = decoder.push(bytes('01 03 00 50 00 02 C4 1A 01 10 00 01 00 02 04 00 01 00 0A E3 A4'));
    expect(out).toEqual([
      { type: 'modbus.request', unit: 1, fn: 3, address: 0x50, count: 2 },
      { type: 'modbus.request', unit: 1, fn: 16, address: 1, count: 2, values: [1, 10] },
    ]);
    expect(() => modbusKind.createJsonDecoder('ascii')).toThrow(/unknown modbus format/);
  });

  it('creates a bin controller simulator', async () => {
    const link = createMemoryLink();
    const simulator = binControllerKind.createSimulator!(link.device);
    expect(simulator).toBeInstanceOf(BinSimulator);
    simulator.start();
    expect(simulator.snapshot()).toMatchObject({ device: 'bin-controller', unit: 1 });
    await simulator.stop();
  });
});
