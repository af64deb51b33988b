import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { escposPrinterKind, escposStatusKind } from './device-kind.ts';
import { EscPosSimulator } from './simulator.ts';

const decode = (format: string, hex: string) =>
  escposStatusKind.createJsonDecoder(format).push(fromHex(hex)!);
const status = (
  flags: Partial<Record<'paperOut' | 'paperNearEnd' | 'coverOpen' | 'offline' | 'error', boolean>>,
) => ({
  type: 'printer.status',
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  offline: false,
  error: false,
  ...flags,
});

describe('escpos-status DeviceKind (decode contract)', () => {
  it('decodes the §4 paper-out example per request', () => {
    expect(decode('n1', '1A')).toEqual([status({ offline: true })]);
    expect(decode('n2', '32')).toEqual([status({ paperOut: true, offline: true })]);
    expect(decode('n4', '7E')).toEqual([status({ paperOut: true, paperNearEnd: true, offline: true })]);
  });

  it('decodes idle 12 as all false under every format', () => {
    for (const format of escposStatusKind.formats) expect(decode(format, '12')).toEqual([status({})]);
  });

  it('gives exactly the contract keys', () => {
    const [message] = decode('n2', '16');
    expect(Object.keys(message!).sort()).toEqual([
      'coverOpen',
      'error',
      'offline',
      'paperNearEnd',
      'paperOut',
      'type',
    ]);
    expect(message).toEqual(status({ coverOpen: true, offline: true }));
  });

  it('turns a byte that is no status into an error, and the next byte still decodes', () => {
    const out = decode('n3', 'FF 1A 13 12');
    expect(out).toEqual([
      { type: 'error', reason: expect.stringContaining('DLE EOT 3') as unknown, bytes: 'FF' },
      status({ error: true, offline: true }),
      { type: 'error', reason: expect.any(String) as unknown, bytes: '13' },
      status({}),
    ]);
  });

  it('decodes an automatic status block in the stream', () => {
    expect(decode('n1', '12 38 00 0C 00 12')).toEqual([
      status({}),
      status({ coverOpen: true, offline: true, paperOut: true }),
      status({}),
    ]);
  });

  it('rejects an unknown format', () => {
    expect(() => escposStatusKind.createJsonDecoder('n5')).toThrow(/n1, n2, n3, n4/);
  });

  it('property: random bytes never throw and each output is a status or an error', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('n1', 'n2', 'n3', 'n4'),
        fc.array(fc.uint8Array({ maxLength: 32 })),
        (format, chunks) => {
          const decoder = escposStatusKind.createJsonDecoder(format);
          for (const chunk of chunks) {
            for (const message of decoder.push(chunk))
              expect(['printer.status', 'error']).toContain(message.type);
          }
        },
      ),
    );
  });
});

describe('escpos-printer DeviceKind', () => {
  it('creates the paper simulator and decodes a captured job as commands', async () => {
    const link = createMemoryLink();
    const simulator = escposPrinterKind.createSimulator!(link.device);
    expect(simulator).toBeInstanceOf(EscPosSimulator);
    await simulator.stop();
    expect(escposPrinterKind.serial).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    const decoder = escposPrinterKind.createJsonDecoder();
    expect(decoder.push(fromHex('1B 40 1C 26 BB D8 1C 2E 0A 1D 56 01')!)).toEqual([
      { type: 'escpos.init' },
      { type: 'escpos.chinese', on: true },
      { type: 'escpos.text', bytes: 'BB D8' },
      { type: 'escpos.chinese', on: false },
      { type: 'escpos.line-feed' },
      { type: 'escpos.cut', mode: 'partial', feedUnits: null },
    ]);
  });
});
