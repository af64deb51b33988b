import fc from 'fast-check';
import { exceptionName, type ModbusRequest, type ModbusResponse } from './modbus-frames.ts';

/** fast-check arbitraries shared by the codec property tests (valid frames only). */
const unit = fc.integer({ min: 1, max: 247 });
const word = fc.integer({ min: 0, max: 0xffff });

export const requestArb: fc.Arbitrary<ModbusRequest> = fc.oneof(
  fc.record({
    type: fc.constant('read-request' as const),
    unit,
    fn: fc.constant(0x03 as const),
    address: word,
    count: fc.integer({ min: 1, max: 125 }),
  }),
  fc.record({
    type: fc.constant('write-single-request' as const),
    unit,
    fn: fc.constant(0x06 as const),
    address: word,
    value: word,
  }),
  fc.record({
    type: fc.constant('write-multiple-request' as const),
    unit,
    fn: fc.constant(0x10 as const),
    address: word,
    values: fc.array(word, { minLength: 1, maxLength: 123 }),
  }),
  fc.record({
    type: fc.constant('unsupported-request' as const),
    unit,
    fn: fc.constantFrom(1, 2, 4, 5),
    data: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
  }),
);

export const responseArb: fc.Arbitrary<ModbusResponse> = fc.oneof(
  fc.record({
    type: fc.constant('read-response' as const),
    unit,
    fn: fc.constant(0x03 as const),
    registers: fc.array(word, { minLength: 1, maxLength: 125 }),
  }),
  fc.record({
    type: fc.constant('write-single-response' as const),
    unit,
    fn: fc.constant(0x06 as const),
    address: word,
    value: word,
  }),
  fc.record({
    type: fc.constant('write-multiple-response' as const),
    unit,
    fn: fc.constant(0x10 as const),
    address: word,
    count: fc.integer({ min: 1, max: 123 }),
  }),
  fc
    .record({ unit, fn: fc.integer({ min: 1, max: 0x7f }), code: fc.integer({ min: 0, max: 255 }) })
    .map(({ unit, fn, code }) => ({ type: 'exception' as const, unit, fn, code, name: exceptionName(code) })),
);

/** Cut `bytes` into chunks whose sizes cycle through `cuts`. */
export function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = cuts[i % cuts.length]!;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}
