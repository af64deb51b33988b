import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRandomBytesAreSafe,
  chunkSizes,
  feedInChunks,
  garbageWithout,
  showableGrams,
  textMatching,
} from './test-kit.ts';
import { weightReading } from './weight.ts';
import { createEqDecoder, decodeEqFrame, encodeEq, type EqFormat } from './yaohua-eq-codec.ts';

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const text = (frame: Uint8Array) => Buffer.from(frame).toString('latin1');

describe('Yaohua = formats (tf1, tf2)', () => {
  it('tf1 golden frames: 3.000 → =000.3000 and −1.00 → =00.1000- (both ways)', () => {
    expect(decodeEqFrame('tf1', bytes('=000.3000'))).toEqual(weightReading(3000, { stable: null }));
    expect(decodeEqFrame('tf1', bytes('=00.1000-'))).toEqual(weightReading(-1000, { stable: null }));
    expect(text(encodeEq('tf1', 3000, { decimals: 3 }))).toBe('=000.3000');
    expect(text(encodeEq('tf1', -1000, { decimals: 2 }))).toBe('=00.1000-');
  });

  it('tf2 golden frame: =0003.000 is 3.000 kg (both ways), and −1.00 is =-0001.00', () => {
    expect(decodeEqFrame('tf2', bytes('=0003.000'))).toEqual(weightReading(3000, { stable: null }));
    expect(text(encodeEq('tf2', 3000, { decimals: 3 }))).toBe('=0003.000');
    expect(decodeEqFrame('tf2', bytes('=-0001.00'))).toEqual(weightReading(-1000, { stable: null }));
  });

  it('handles a display without a decimal point', () => {
    expect(text(encodeEq('tf2', 12000, { decimals: 0 }))).toBe('=00000012');
    expect(decodeEqFrame('tf1', encodeEq('tf1', 12000, { decimals: 0 }))).toMatchObject({ grams: 12000 });
  });

  it('rejects two points, a bad sign and a point at the edge', () => {
    expect(decodeEqFrame('tf2', bytes('=00.03.00'))).toMatchObject({
      type: 'error',
      reason: textMatching(/more than one/),
    });
    expect(decodeEqFrame('tf2', bytes('=+003.000'))).toMatchObject({
      type: 'error',
      reason: textMatching(/sign/),
    });
    expect(decodeEqFrame('tf2', bytes('=0000300.'))).toMatchObject({
      type: 'error',
      reason: textMatching(/edge/),
    });
  });

  for (const format of ['tf1', 'tf2'] as const satisfies readonly EqFormat[]) {
    describe(format, () => {
      const frameArb = fc
        .integer({ min: 0, max: 4 })
        .chain((d) => fc.tuple(fc.constant(d), showableGrams(d, d === 0 ? 7 : 6)));

      it('never throws on random bytes and buffers at most one frame', () => {
        checkRandomBytesAreSafe(() => createEqDecoder(format), 9);
      });

      it('any frame survives garbage around it and arbitrary chunking', () => {
        fc.assert(
          fc.property(
            frameArb,
            garbageWithout(0x3d),
            garbageWithout(0x3d),
            chunkSizes,
            ([decimals, grams], before, after, cuts) => {
              const stream = Buffer.concat([before, encodeEq(format, grams, { decimals }), after]);
              const weights = feedInChunks(createEqDecoder(format), stream, cuts).filter(
                (m) => m.type === 'weight',
              );
              expect(weights).toEqual([weightReading(grams, { stable: null })]);
            },
          ),
        );
      });

      it('encode then decode gives the grams back, and decode then encode the bytes', () => {
        fc.assert(
          fc.property(frameArb, ([decimals, grams]) => {
            const frame = encodeEq(format, grams, { decimals });
            const decoded = decodeEqFrame(format, frame);
            expect(decoded).toEqual(weightReading(grams, { stable: null }));
            if (decoded.type !== 'weight') throw new Error('not decoded');
            expect(text(encodeEq(format, decoded.grams, { decimals }))).toBe(text(frame));
          }),
        );
      });
    });
  }
});
