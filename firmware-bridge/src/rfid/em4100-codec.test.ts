import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Em4100Decoder, decodeEm4100Frame, em4100TagNumber, encodeEm4100 } from './em4100-codec.ts';
import { fromHex, toHex } from '../codec.ts';

// PROTOCOLS.md §2 golden frame.
const GOLDEN = '02 30 46 30 30 33 30 43 32 41 34 35 39 03';

describe('EM4100 codec', () => {
  it('decodes the golden frame of PROTOCOLS.md', () => {
    const result = decodeEm4100Frame(fromHex(GOLDEN)!);
    expect(result).toEqual({ type: 'card', uid: '0F0030C2A4' });
    expect(em4100TagNumber('0F0030C2A4')).toBe(3195556);
  });

  it('encodes the golden frame byte for byte', () => {
    expect(toHex(encodeEm4100('0F0030C2A4'))).toBe(GOLDEN);
  });

  it('reports a checksum mismatch as a typed error', () => {
    const bad = fromHex(GOLDEN)!;
    bad[12] = 0x41; // checksum "5A" instead of "59"
    const result = decodeEm4100Frame(bad);
    expect(result.type).toBe('error');
    expect(result.type === 'error' && result.reason).toMatch(/checksum mismatch/);
  });

  it('decodes a frame split across chunks and resynchronises after garbage', () => {
    const decoder = new Em4100Decoder();
    const frame = fromHex(GOLDEN)!;
    const out = [
      ...decoder.push(Uint8Array.from([0xff, 0x02, 0x31])),
      ...decoder.push(frame.subarray(0, 5)),
      ...decoder.push(frame.subarray(5)),
    ];
    expect(out.filter((m) => m.type === 'card')).toEqual([{ type: 'card', uid: '0F0030C2A4' }]);
    expect(out.some((m) => m.type === 'error')).toBe(true);
  });

  it('never throws on random bytes and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const decoder = new Em4100Decoder();
        for (const chunk of chunks) decoder.push(chunk);
        expect(decoder.push(new Uint8Array()).length).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('any valid frame survives garbage around it and arbitrary chunking; encode∘decode is identity', () => {
    const noStx = fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.filter((b) => b !== 0x02));
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-F]{10}$/),
        noStx,
        noStx,
        fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 10 }),
        (uid, before, after, cuts) => {
          const stream = Buffer.concat([before, encodeEm4100(uid), after]);
          const decoder = new Em4100Decoder();
          const cards: string[] = [];
          let offset = 0;
          let i = 0;
          while (offset < stream.length) {
            const size = cuts[i++ % cuts.length]!;
            for (const m of decoder.push(stream.subarray(offset, offset + size)))
              if (m.type === 'card') cards.push(m.uid);
            offset += size;
          }
          expect(cards).toEqual([uid]);
        },
      ),
    );
  });
});
