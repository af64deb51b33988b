import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { createAndDecoder, decodeAndFrame, encodeAnd, type AndMessage } from './and-codec.ts';
import {
  checkRandomBytesAreSafe,
  chunkSizes,
  feedInChunks,
  showableGrams,
  textMatching,
} from './test-kit.ts';
import { weightReading } from './weight.ts';

// PROTOCOLS.md §3: ST,GS,+0012.34kg CR LF.
const GOLDEN = '53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A';
const line = (text: string) => Uint8Array.from(Buffer.from(`${text}\r\n`, 'latin1'));

describe('A&D codec', () => {
  it('decodes the golden frame to 12340 g, stable, gross', () => {
    expect(decodeAndFrame(fromHex(GOLDEN)!)).toEqual(weightReading(12340, { stable: true }));
  });

  it('encodes 12340 g stable gross at 2 decimals byte for byte', () => {
    expect(toHex(encodeAnd(weightReading(12340, { stable: true }), { decimals: 2 }))).toBe(GOLDEN);
  });

  it('reads every header: US unstable, OL overload, NT net, TR tare', () => {
    expect(decodeAndFrame(line('US,GS,+0012.34kg'))).toEqual(weightReading(12340, { stable: false }));
    expect(decodeAndFrame(line('ST,NT,-0000.50kg'))).toEqual(
      weightReading(-500, { stable: true, net: true }),
    );
    expect(decodeAndFrame(line('OL,GS,+9999999kg'))).toEqual(
      weightReading(0, { stable: null, overload: true }),
    );
    expect(decodeAndFrame(line('ST,TR,+0001.20kg'))).toEqual({ type: 'tare', grams: 1200 });
    expect(decodeAndFrame(line('ST,GS,+001234. g'))).toEqual(weightReading(1234, { stable: true }));
  });

  it('rejects units other than kg and g, and unknown headers', () => {
    expect(decodeAndFrame(line('ST,GS,+0012.34lb'))).toMatchObject({
      type: 'error',
      reason: textMatching(/unit/),
    });
    expect(decodeAndFrame(line('QT,GS,+0012.34kg'))).toMatchObject({
      type: 'error',
      reason: textMatching(/headers/),
    });
  });

  it('never throws on random bytes and buffers less than one frame', () => {
    checkRandomBytesAreSafe(createAndDecoder, 17);
  });

  const messageArb: fc.Arbitrary<[AndMessage, number]> = fc.integer({ min: 0, max: 5 }).chain((d) =>
    fc.tuple(
      fc.oneof(
        fc
          .record({ grams: showableGrams(d, d === 0 ? 7 : 6), stable: fc.boolean(), net: fc.boolean() })
          .map(({ grams, stable, net }): AndMessage => weightReading(grams, { stable, net })),
        fc.boolean().map((net): AndMessage => weightReading(0, { stable: null, overload: true, net })),
        showableGrams(d, d === 0 ? 7 : 6).map((grams): AndMessage => ({ type: 'tare', grams })),
      ),
      fc.constant(d),
    ),
  );

  it('any frame survives arbitrary garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        messageArb,
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        chunkSizes,
        ([message, decimals], before, after, cuts) => {
          const stream = Buffer.concat([before, encodeAnd(message, { decimals }), after]);
          const messages = feedInChunks(createAndDecoder(), stream, cuts).filter((m) => m.type !== 'error');
          expect(messages).toContainEqual(message);
        },
      ),
    );
  });

  it('encode then decode gives the message back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(messageArb, ([message, decimals]) => {
        const frame = encodeAnd(message, { decimals });
        const decoded = decodeAndFrame(frame);
        expect(decoded).toEqual(message);
        if (decoded.type === 'error') throw new Error('not decoded');
        expect(toHex(encodeAnd(decoded, { decimals }))).toBe(toHex(frame));
      }),
    );
  });
});
