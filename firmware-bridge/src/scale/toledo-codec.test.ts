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
import { createToledoDecoder, decodeToledoFrame, encodeToledo, toledoChecksum } from './toledo-codec.ts';
import { weightReading } from './weight.ts';

// PROTOCOLS.md §3: 12.34 kg stable; in motion SWB 38 and CHK 23.
const STABLE = '02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B';
const MOTION = '02 2C 38 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 23';

describe('Mettler-Toledo continuous codec', () => {
  it('decodes the 12.34 kg stable golden frame', () => {
    expect(decodeToledoFrame(fromHex(STABLE)!)).toEqual(weightReading(12340, { stable: true }));
  });

  it('decodes the in-motion golden frame (SWB 38, CHK 23) as unstable', () => {
    expect(decodeToledoFrame(fromHex(MOTION)!)).toEqual(weightReading(12340, { stable: false }));
  });

  it('encodes both golden frames byte for byte', () => {
    expect(toHex(encodeToledo(12340, { decimals: 2 }))).toBe(STABLE);
    expect(toHex(encodeToledo(12340, { decimals: 2, motion: true }))).toBe(MOTION);
  });

  it('CHK is (−sum of the first 17 bytes) & 0x7F', () => {
    expect(toledoChecksum(fromHex(STABLE)!.subarray(0, 17))).toBe(0x2b);
  });

  it('reads negative, net and out-of-range bits, and the decimal-point code', () => {
    expect(decodeToledoFrame(encodeToledo(-500, { decimals: 1, net: true, overload: true }))).toEqual(
      weightReading(-500, { stable: true, overload: true, net: true }),
    );
    // Code 1: exponent 2 − 1 = 1, so digits 001234 mean 12 340 kg.
    const frame = fromHex(STABLE)!;
    frame[1] = 0x29;
    frame[17] = toledoChecksum(frame.subarray(0, 17));
    expect(decodeToledoFrame(frame)).toMatchObject({ grams: 1_234_000 * 10 });
  });

  it('rejects lb frames whole, as a typed error, and decodes what follows', () => {
    const lb = fromHex(STABLE)!;
    lb[2] = 0x20; // kg bit clear
    lb[17] = toledoChecksum(lb.subarray(0, 17));
    expect(decodeToledoFrame(lb)).toMatchObject({ type: 'error', reason: textMatching(/lb/) });
    const out = createToledoDecoder().push(Buffer.concat([lb, fromHex(STABLE)!]));
    expect(out).toEqual([expect.objectContaining({ type: 'error' }), weightReading(12340, { stable: true })]);
  });

  it('reports a checksum mismatch', () => {
    const bad = fromHex(STABLE)!;
    bad[17] = 0x2c;
    expect(decodeToledoFrame(bad)).toMatchObject({
      type: 'error',
      reason: textMatching(/checksum mismatch/),
    });
  });

  it('never throws on random bytes and buffers at most one frame', () => {
    checkRandomBytesAreSafe(createToledoDecoder, 18);
  });

  const frameArb = fc.tuple(
    fc.integer({ min: 0, max: 5 }).chain((d) => fc.tuple(fc.constant(d), showableGrams(d, 6))),
    fc.record({ motion: fc.boolean(), overload: fc.boolean(), net: fc.boolean() }),
  );

  it('any frame survives garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        frameArb,
        garbageWithout(0x02),
        garbageWithout(0x02),
        chunkSizes,
        ([[decimals, grams], flags], before, after, cuts) => {
          const stream = Buffer.concat([before, encodeToledo(grams, { decimals, ...flags }), after]);
          const weights = feedInChunks(createToledoDecoder(), stream, cuts).filter(
            (m) => m.type === 'weight',
          );
          expect(weights).toEqual([
            weightReading(grams, { stable: !flags.motion, overload: flags.overload, net: flags.net }),
          ]);
        },
      ),
    );
  });

  it('encode then decode gives the reading back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(frameArb, ([[decimals, grams], flags]) => {
        const frame = encodeToledo(grams, { decimals, ...flags });
        const decoded = decodeToledoFrame(frame);
        expect(decoded).toEqual(
          weightReading(grams, { stable: !flags.motion, overload: flags.overload, net: flags.net }),
        );
        if (decoded.type !== 'weight') throw new Error('not decoded');
        const again = encodeToledo(decoded.grams, {
          decimals,
          motion: decoded.stable === false,
          overload: decoded.overload,
          net: decoded.net,
        });
        expect(toHex(again)).toBe(toHex(frame));
      }),
    );
  });
});
