import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, type DecodeError } from '../codec.ts';
import { appendCrc } from './crc16.ts';
import {
  encodeRequest,
  encodeResponse,
  MAX_FRAME_LENGTH,
  type ModbusRequest,
  type ModbusResponse,
} from './modbus-frames.ts';
import { ModbusRequestDecoder, ModbusResponseDecoder } from './modbus-stream.ts';
import { chunked, requestArb, responseArb } from './modbus-test-arbitraries.ts';

const READ_0_2: ModbusRequest = { type: 'read-request', unit: 1, fn: 3, address: 0, count: 2 };
const REPLY_0_2 = fromHex('01 03 04 00 01 00 01 6A 33')!; // map version 1, status ok

const frames = <M extends { type: string }>(out: Array<M | DecodeError>) =>
  out.filter((m) => m.type !== 'error');
const errors = <M extends { type: string }>(out: Array<M | DecodeError>) =>
  out.filter((m): m is DecodeError => m.type === 'error');

describe('ModbusResponseDecoder (master side)', () => {
  it('decodes a response split across chunks with garbage before it', () => {
    const decoder = new ModbusResponseDecoder();
    const out = [
      ...decoder.push(Uint8Array.from([0xff, 0x00, 0x01])),
      ...decoder.push(REPLY_0_2.subarray(0, 2)),
      ...decoder.push(REPLY_0_2.subarray(2, 5)),
      ...decoder.push(REPLY_0_2.subarray(5)),
    ];
    expect(frames(out)).toEqual([{ type: 'read-response', unit: 1, fn: 3, registers: [1, 1] }]);
    expect(errors(out).map((e) => e.bytes)).toEqual(['FF 00', '01']);
  });

  it('decodes the golden exception reply', () => {
    expect(new ModbusResponseDecoder().push(fromHex('01 83 02 C0 F1')!)).toEqual([
      { type: 'exception', unit: 1, fn: 3, code: 2, name: 'illegal-address' },
    ]);
  });

  it('resynchronises by CRC after a corrupted reply and decodes the next one', () => {
    const corrupted = Uint8Array.from(REPLY_0_2);
    corrupted[4] = 0x07;
    const out = new ModbusResponseDecoder().push(Buffer.concat([corrupted, REPLY_0_2]));
    expect(frames(out)).toHaveLength(1);
    expect(errors(out).map((e) => e.bytes)).toEqual(['01 03 04 00 07 00 01 6A 33']);
    expect(errors(out)[0]!.reason).toMatch(/CRC mismatch/);
  });

  it('reads a 125-register response fed one byte at a time', () => {
    const registers = Array.from({ length: 125 }, (_, i) => i * 500);
    const frame = encodeResponse({ type: 'read-response', unit: 7, fn: 3, registers });
    const decoder = new ModbusResponseDecoder();
    const out = chunked(frame, [1]).flatMap((chunk) => decoder.push(chunk));
    expect(out).toEqual([{ type: 'read-response', unit: 7, fn: 3, registers }]);
  });

  it('does not wait for a long frame that garbage only pretended to start', () => {
    // "01 03 F8" claims 248 data bytes; a complete exception frame after it wins at once.
    const out = new ModbusResponseDecoder().push(fromHex('01 03 F8 00 01 83 02 C0 F1')!);
    expect(frames(out)).toEqual([{ type: 'exception', unit: 1, fn: 3, code: 2, name: 'illegal-address' }]);
    expect(errors(out).map((e) => e.bytes)).toEqual(['01 03 F8 00']);
  });

  it('with an expected request, skips a reply from another unit and a wrong-length read', () => {
    const decoder = new ModbusResponseDecoder();
    decoder.expect(READ_0_2);
    const otherUnit = encodeResponse({ type: 'read-response', unit: 2, fn: 3, registers: [5, 6] });
    const wrongLength = encodeResponse({ type: 'read-response', unit: 1, fn: 3, registers: [5] });
    const out = decoder.push(Buffer.concat([otherUnit, wrongLength, REPLY_0_2]));
    expect(frames(out)).toEqual([{ type: 'read-response', unit: 1, fn: 3, registers: [1, 1] }]);
    decoder.expect(null);
    expect(frames(decoder.push(otherUnit))).toHaveLength(1);
  });

  it('never throws on random bytes, never holds more than one frame, with or without expectation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }),
        fc.boolean(),
        (chunks, expecting) => {
          const decoder = new ModbusResponseDecoder();
          if (expecting) decoder.expect(READ_0_2);
          for (const chunk of chunks) {
            decoder.push(chunk);
            expect(decoder.buffered).toBeLessThan(MAX_FRAME_LENGTH);
          }
        },
      ),
    );
  });

  it('gets through a 64 KiB burst of random bytes in one push', () => {
    const noise = Uint8Array.from({ length: 65_536 }, (_, i) => (i * 2_654_435_761) >>> 24);
    const decoder = new ModbusResponseDecoder();
    const out = decoder.push(Buffer.concat([noise, REPLY_0_2]));
    expect(frames(out)).toContainEqual({ type: 'read-response', unit: 1, fn: 3, registers: [1, 1] });
    expect(decoder.buffered).toBeLessThan(MAX_FRAME_LENGTH);
  });

  it('any response survives garbage that cannot start a frame and arbitrary chunking', () => {
    // Unit 0 and units past 247 never answer, so these bytes cannot begin a response.
    const noStart = fc
      .uint8Array({ maxLength: 40 })
      .map((bytes) => bytes.map((b) => (b % 9 === 0 ? 0 : 0xf7 + (b % 9))));
    fc.assert(
      fc.property(
        responseArb,
        noStart,
        noStart,
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 }),
        (response, before, after, cuts) => {
          const decoder = new ModbusResponseDecoder();
          const stream = Buffer.concat([before, encodeResponse(response), after]);
          const out = chunked(stream, cuts).flatMap((chunk) => decoder.push(chunk));
          expect(frames(out)).toEqual([response]);
        },
      ),
    );
  });

  it('the expected reply survives any garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.uint8Array({ maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 }),
        (before, after, cuts) => {
          const decoder = new ModbusResponseDecoder();
          decoder.expect(READ_0_2);
          const out = chunked(Buffer.concat([before, REPLY_0_2, after]), cuts).flatMap((chunk) =>
            decoder.push(chunk),
          );
          expect(frames(out)).toContainEqual({ type: 'read-response', unit: 1, fn: 3, registers: [1, 1] });
        },
      ),
    );
  });

  it('a sequence of responses decodes back to itself', () => {
    fc.assert(
      fc.property(
        fc.array(responseArb, { maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        (responses, cut) => {
          const decoder = new ModbusResponseDecoder();
          const stream = Buffer.concat(responses.map(encodeResponse));
          const out: Array<ModbusResponse | DecodeError> = chunked(stream, [cut]).flatMap((chunk) =>
            decoder.push(chunk),
          );
          expect(out).toEqual(responses);
        },
      ),
    );
  });
});

describe('ModbusRequestDecoder (slave side)', () => {
  it('decodes the four golden requests in one stream', () => {
    const hex = [
      '01 03 00 00 00 02 C4 0B',
      '01 03 00 50 00 02 C4 1A',
      '01 06 00 01 00 01 19 CA',
      '01 10 00 01 00 02 04 00 01 00 0A E3 A4',
    ];
    const out = new ModbusRequestDecoder().push(Buffer.concat(hex.map((h) => fromHex(h)!)));
    expect(out.map((m) => m.type)).toEqual([
      'read-request',
      'read-request',
      'write-single-request',
      'write-multiple-request',
    ]);
  });

  it('frames a request for a function it does not implement, so the slave can refuse it', () => {
    const out = new ModbusRequestDecoder().push(fromHex('01 04 00 00 00 01 31 CA')!);
    expect(out).toEqual([{ type: 'unsupported-request', unit: 1, fn: 4, data: [0, 0, 0, 1] }]);
  });

  it('reports a write-multiple whose byte count disagrees with its register count', () => {
    const bad = appendCrc(Uint8Array.from([1, 0x10, 0, 1, 0, 3, 4, 0, 1, 0, 10]));
    const out = new ModbusRequestDecoder().push(Buffer.concat([bad, encodeRequest(READ_0_2)]));
    expect(out.map((m) => m.type)).toEqual(['error', 'read-request']);
  });

  it('never throws on random bytes and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const decoder = new ModbusRequestDecoder();
        for (const chunk of chunks) {
          decoder.push(chunk);
          expect(decoder.buffered).toBeLessThan(MAX_FRAME_LENGTH);
        }
      }),
    );
  });

  it('any request survives garbage that cannot start a frame and arbitrary chunking', () => {
    const noStart = fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.map((b) => 0xf8 + (b % 8)));
    fc.assert(
      fc.property(
        requestArb,
        noStart,
        noStart,
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1 }),
        (request, before, after, cuts) => {
          const decoder = new ModbusRequestDecoder();
          const out = chunked(Buffer.concat([before, encodeRequest(request), after]), cuts).flatMap((c) =>
            decoder.push(c),
          );
          expect(frames(out)).toEqual([request]);
          // Garbage is reported, never silently dropped.
          if (before.length + after.length > 0) expect(errors(out).length).toBeGreaterThan(0);
        },
      ),
    );
  });

  it('a sequence of requests decodes back to itself', () => {
    fc.assert(
      fc.property(
        fc.array(requestArb, { maxLength: 8 }),
        fc.integer({ min: 1, max: 64 }),
        (requests, cut) => {
          const decoder = new ModbusRequestDecoder();
          const out = chunked(Buffer.concat(requests.map(encodeRequest)), [cut]).flatMap((c) =>
            decoder.push(c),
          );
          expect(out).toEqual(requests);
        },
      ),
    );
  });
});
