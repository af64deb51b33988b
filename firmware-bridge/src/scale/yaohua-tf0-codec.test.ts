import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import {
  checkRandomBytesAreSafe,
  chunkSizes,
  feedInChunks,
  garbageWithout,
  showableGrams,
  textMatching,
} from './test-kit.ts';
import { weightReading } from './weight.ts';
import { createTf0Decoder, decodeTf0Frame, encodeTf0 } from './yaohua-tf0-codec.ts';

// PROTOCOLS.md §3 golden frames.
const KG_15_60 = '02 2B 30 30 31 35 36 30 32 31 42 03';
const ZERO = '02 2B 30 30 30 30 30 30 30 31 42 03';

describe('Yaohua XK3190 tf0 codec', () => {
  it('decodes the 15.60 kg golden frame to 15600 g with no stability flag', () => {
    expect(decodeTf0Frame(fromHex(KG_15_60)!)).toEqual(weightReading(15600, { stable: null }));
  });

  it('encodes 15600 g at 2 decimals byte for byte', () => {
    expect(toHex(encodeTf0(15600, { decimals: 2 }))).toBe(KG_15_60);
  });

  it('decodes and encodes the zero golden frame (0 decimals)', () => {
    expect(decodeTf0Frame(fromHex(ZERO)!)).toEqual(weightReading(0, { stable: null }));
    expect(toHex(encodeTf0(0, { decimals: 0 }))).toBe(ZERO);
  });

  it('decodes a negative weight and rounds 4-decimal displays to the nearest gram', () => {
    expect(decodeTf0Frame(encodeTf0(-1250, { decimals: 3 }))).toMatchObject({ grams: -1250 });
    // 0.0015 kg = 1.5 g → 2 g (half away from zero), without floating point.
    const body = Buffer.from('+0000154', 'latin1');
    let xor = 0;
    for (const b of body) xor ^= b;
    const text = xor.toString(16).toUpperCase().padStart(2, '0');
    expect(decodeTf0Frame(Uint8Array.from([2, ...body, ...Buffer.from(text), 3]))).toMatchObject({
      grams: 2,
    });
  });

  it('reports a checksum mismatch and a missing ETX as typed errors', () => {
    const bad = fromHex(KG_15_60)!;
    bad[10] = 0x43;
    expect(decodeTf0Frame(bad)).toMatchObject({
      type: 'error',
      reason: textMatching(/checksum mismatch/),
    });
    const noEtx = fromHex(KG_15_60)!;
    noEtx[11] = 0x04;
    expect(decodeTf0Frame(noEtx)).toMatchObject({ type: 'error', reason: textMatching(/ETX/) });
  });

  it('refuses to encode what 6 digits cannot show', () => {
    expect(() => encodeTf0(10_000_000, { decimals: 2 })).toThrow(RangeError);
    expect(() => encodeTf0(1, { decimals: 5 })).toThrow(RangeError);
  });

  it('resynchronises after a torn frame: the frame behind it still decodes', () => {
    const decoder = createTf0Decoder();
    const torn = fromHex(KG_15_60)!.subarray(0, 7);
    const out = decoder.push(Buffer.concat([torn, fromHex(ZERO)!]));
    expect(out.filter((m) => m.type === 'weight')).toEqual([weightReading(0, { stable: null })]);
    expect(out[0]).toMatchObject({ type: 'error' });
  });

  it('never throws on random bytes and buffers at most one frame', () => {
    checkRandomBytesAreSafe(createTf0Decoder, 12);
  });

  it('any frame survives garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((d) => fc.tuple(fc.constant(d), showableGrams(d, 6))),
        garbageWithout(0x02),
        garbageWithout(0x02),
        chunkSizes,
        ([decimals, grams], before, after, cuts) => {
          const stream = Buffer.concat([before, encodeTf0(grams, { decimals }), after]);
          const weights = feedInChunks(createTf0Decoder(), stream, cuts).filter((m) => m.type === 'weight');
          expect(weights).toEqual([weightReading(grams, { stable: null })]);
        },
      ),
    );
  });

  it('encode then decode gives the grams back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4 }).chain((d) => fc.tuple(fc.constant(d), showableGrams(d, 6))),
        ([decimals, grams]) => {
          const frame = encodeTf0(grams, { decimals });
          const decoded = decodeTf0Frame(frame);
          expect(decoded).toEqual(weightReading(grams, { stable: null }));
          if (decoded.type !== 'weight') throw new Error('not decoded');
          expect(toHex(encodeTf0(decoded.grams, { decimals }))).toBe(toHex(frame));
        },
      ),
    );
  });
});
