import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import {
  checkRandomBytesAreSafe,
  chunkSizes,
  feedInChunks,
  showableGrams,
  textMatching,
} from './test-kit.ts';
import { weightReading } from './weight.ts';
import { createA12Decoder, decodeA12Frame, encodeA12, encodeA12OutOfRange } from './yaohua-a12-codec.ts';

// PROTOCOLS.md §3: 4.139 kg gross.
const GOLDEN = '57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A';
// 9 spaces + OL + checksum (20 ⊕ 4F ⊕ 4C = 23) + CR LF.
const OVERLOAD = '20 20 20 20 20 20 20 20 20 4F 4C 32 33 0D 0A';

describe('Yaohua A12 codec', () => {
  it('decodes the 4.139 kg gross golden frame', () => {
    expect(decodeA12Frame(fromHex(GOLDEN)!)).toEqual(weightReading(4139, { stable: null }));
  });

  it('encodes 4139 g gross at 3 decimals byte for byte', () => {
    expect(toHex(encodeA12(4139, { decimals: 3 }))).toBe(GOLDEN);
  });

  it('overload frame both ways; underload (LO) is out of range too', () => {
    expect(toHex(encodeA12OutOfRange('over'))).toBe(OVERLOAD);
    expect(decodeA12Frame(fromHex(OVERLOAD)!)).toEqual(weightReading(0, { stable: null, overload: true }));
    expect(decodeA12Frame(encodeA12OutOfRange('under'))).toMatchObject({ overload: true });
  });

  it('net frames, negative weights and displays without a point', () => {
    expect(Buffer.from(encodeA12(-4130, { decimals: 2, net: true })).toString('latin1', 0, 11)).toBe(
      'WN-004.13kg',
    );
    expect(decodeA12Frame(encodeA12(-4130, { decimals: 2, net: true }))).toEqual(
      weightReading(-4130, { stable: null, net: true }),
    );
    expect(Buffer.from(encodeA12(12000, { decimals: 0 })).toString('latin1', 0, 11)).toBe('WG000012 kg');
  });

  it('reports a checksum mismatch as a typed error', () => {
    const bad = fromHex(GOLDEN)!;
    bad[6] = 0x32;
    expect(decodeA12Frame(bad)).toMatchObject({ type: 'error', reason: textMatching(/checksum/) });
  });

  it('recovers a frame glued behind garbage with no line end of its own', () => {
    const decoder = createA12Decoder();
    const out = decoder.push(Buffer.concat([Buffer.from('WG0\x00junk'), fromHex(GOLDEN)!]));
    expect(out).toEqual([expect.objectContaining({ type: 'error' }), weightReading(4139, { stable: null })]);
  });

  it('never throws on random bytes and buffers less than one frame', () => {
    checkRandomBytesAreSafe(createA12Decoder, 14);
  });

  const frameArb = fc.tuple(
    fc.integer({ min: 0, max: 4 }).chain((d) => fc.tuple(fc.constant(d), showableGrams(d, 5))),
    fc.boolean(),
  );

  it('any frame survives arbitrary garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        frameArb,
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 40 }),
        chunkSizes,
        ([[decimals, grams], net], before, after, cuts) => {
          const stream = Buffer.concat([before, encodeA12(grams, { decimals, net }), after]);
          const weights = feedInChunks(createA12Decoder(), stream, cuts).filter((m) => m.type === 'weight');
          expect(weights).toContainEqual(weightReading(grams, { stable: null, net }));
        },
      ),
    );
  });

  it('encode then decode gives the reading back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(frameArb, ([[decimals, grams], net]) => {
        const frame = encodeA12(grams, { decimals, net });
        const decoded = decodeA12Frame(frame);
        expect(decoded).toEqual(weightReading(grams, { stable: null, net }));
        if (decoded.type !== 'weight') throw new Error('not decoded');
        expect(toHex(encodeA12(decoded.grams, { decimals, net: decoded.net }))).toBe(toHex(frame));
      }),
    );
  });
});
