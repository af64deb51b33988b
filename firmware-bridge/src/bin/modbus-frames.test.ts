import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../codec.ts';
import { appendCrc, crc16Modbus, hasValidCrc } from './crc16.ts';
import {
  decodeRequestFrame,
  decodeResponseFrame,
  encodeRequest,
  encodeResponse,
  exception,
  exceptionName,
  type ModbusRequest,
} from './modbus-frames.ts';
import { requestArb, responseArb } from './modbus-test-arbitraries.ts';

// PROTOCOLS.md §5 golden requests, with what each one means.
const GOLDEN_REQUESTS: Array<[string, ModbusRequest]> = [
  ['01 03 00 00 00 02 C4 0B', { type: 'read-request', unit: 1, fn: 3, address: 0, count: 2 }],
  ['01 03 00 50 00 02 C4 1A', { type: 'read-request', unit: 1, fn: 3, address: 0x50, count: 2 }],
  ['01 06 00 01 00 01 19 CA', { type: 'write-single-request', unit: 1, fn: 6, address: 1, value: 1 }],
  [
    '01 10 00 01 00 02 04 00 01 00 0A E3 A4',
    { type: 'write-multiple-request', unit: 1, fn: 16, address: 1, values: [1, 10] },
  ],
];
const GOLDEN_EXCEPTION = '01 83 02 C0 F1';

describe('CRC-16/MODBUS', () => {
  it('gives the catalogue check value 4B37 for "123456789"', () => {
    expect(crc16Modbus(Buffer.from('123456789', 'ascii'))).toBe(0x4b37);
  });

  it('is appended low byte first and validated over a sub-range', () => {
    expect(toHex(appendCrc(Uint8Array.from([0x01, 0x83, 0x02])))).toBe(GOLDEN_EXCEPTION);
    const framed = Uint8Array.from([0xff, ...fromHex(GOLDEN_EXCEPTION)!, 0xff]);
    expect(hasValidCrc(framed, 1, 6)).toBe(true);
    expect(hasValidCrc(framed, 0, 6)).toBe(false);
  });
});

describe('Modbus RTU frames', () => {
  it.each(GOLDEN_REQUESTS)('decodes golden request %s', (hex, request) => {
    expect(decodeRequestFrame(fromHex(hex)!)).toEqual(request);
  });

  it.each(GOLDEN_REQUESTS)('encodes golden request %s byte for byte', (hex, request) => {
    expect(toHex(encodeRequest(request))).toBe(hex);
  });

  it('decodes and encodes the golden exception reply (illegal address to function 03)', () => {
    const reply = exception(1, 3, 2);
    expect(decodeResponseFrame(fromHex(GOLDEN_EXCEPTION)!)).toEqual(reply);
    expect(reply.name).toBe('illegal-address');
    expect(toHex(encodeResponse(reply))).toBe(GOLDEN_EXCEPTION);
  });

  it('reads 01 06 00 01 00 01 19 CA as a response too: a write-single reply echoes the request', () => {
    expect(decodeResponseFrame(fromHex('01 06 00 01 00 01 19 CA')!)).toEqual({
      type: 'write-single-response',
      unit: 1,
      fn: 6,
      address: 1,
      value: 1,
    });
  });

  it('names exception codes 01–06 and calls others unknown', () => {
    expect([1, 2, 3, 4, 5, 6, 11].map(exceptionName)).toEqual([
      'illegal-function',
      'illegal-address',
      'illegal-value',
      'device-failure',
      'acknowledge',
      'busy',
      'unknown',
    ]);
  });

  it('reports a CRC mismatch and a wrong length as typed errors', () => {
    const bad = fromHex('01 03 00 00 00 02 C4 0C')!;
    expect(decodeRequestFrame(bad)).toMatchObject({ type: 'error', reason: 'Modbus CRC mismatch' });
    expect(decodeResponseFrame(fromHex('01 83 02 C0')!)).toMatchObject({ type: 'error' });
    const mismatch = appendCrc(Uint8Array.from([1, 0x10, 0, 1, 0, 3, 4, 0, 1, 0, 10]));
    const decoded = decodeRequestFrame(mismatch);
    expect(decoded.type === 'error' && decoded.reason).toMatch(
      /byte count 4 disagrees with register count 3/,
    );
  });

  it('refuses to encode values outside the protocol (a caller bug)', () => {
    expect(() => encodeRequest({ type: 'read-request', unit: 1, fn: 3, address: 0, count: 126 })).toThrow(
      RangeError,
    );
    expect(() =>
      encodeRequest({ type: 'write-single-request', unit: 1, fn: 6, address: 0, value: 0x10000 }),
    ).toThrow(RangeError);
    expect(() => encodeResponse({ type: 'read-response', unit: 248, fn: 3, registers: [1] })).toThrow(
      RangeError,
    );
  });

  it('encode then decode gives every request and response back', () => {
    fc.assert(
      fc.property(requestArb, (request) => {
        expect(decodeRequestFrame(encodeRequest(request))).toEqual(request);
      }),
    );
    fc.assert(
      fc.property(responseArb, (response) => {
        expect(decodeResponseFrame(encodeResponse(response))).toEqual(response);
      }),
    );
  });

  it('never throws decoding arbitrary bytes as one frame', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect([
          'error',
          'read-request',
          'write-single-request',
          'write-multiple-request',
          'unsupported-request',
        ]).toContain(decodeRequestFrame(bytes).type);
        decodeResponseFrame(bytes);
      }),
    );
  });
});
