import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../codec.ts';
import { IdCardFrameDecoder, MAX_FRAME_BYTES, encodeFrame } from './frame.ts';
import { IdCardReplyDecoder, encodeFindReply, encodeReadReply, encodeStatusReply } from './reply.ts';
import { encodeTextBlock } from './text-block.ts';

// Asymmetric matchers are typed any; wrapping them keeps the assertions lint-clean.
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

const FIND_OK = fromHex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97')!;

function feed(decoder: IdCardFrameDecoder, stream: Uint8Array, cuts: number[]) {
  const out = [];
  for (let offset = 0, i = 0; offset < stream.length; i++) {
    const size = cuts[i % cuts.length]!;
    out.push(...decoder.push(stream.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}

describe('frame decoder', () => {
  it('decodes a frame split byte by byte, and a preamble split across chunks', () => {
    const decoder = new IdCardFrameDecoder();
    const out = feed(decoder, FIND_OK, [1]);
    expect(out).toEqual([{ type: 'frame', body: Buffer.from([0, 0, 0x9f, 0, 0, 0, 0]) }]);
  });

  it('resynchronises after garbage, including garbage that looks like a preamble start', () => {
    const decoder = new IdCardFrameDecoder();
    const out = decoder.push(Buffer.concat([fromHex('13 AA AA 37 AA AA AA 96')!, FIND_OK]));
    expect(out.map((m) => m.type)).toEqual(['error', 'frame']);
    expect(out[0]).toMatchObject({
      reason: 'bytes before a frame preamble (8 bytes skipped)',
      bytes: '13 AA AA 37 AA AA AA 96',
    });
  });

  it('skips a preamble with an impossible length and finds the frame after it', () => {
    const decoder = new IdCardFrameDecoder();
    const out = decoder.push(Buffer.concat([fromHex('AA AA AA 96 69 FF FF')!, FIND_OK]));
    expect(out.filter((m) => m.type === 'frame')).toHaveLength(1);
    expect(out[0]).toMatchObject({
      type: 'error',
      reason: matching(/impossible frame length 65535/),
    });
  });

  it('a checksum mismatch drops the frame, but not a real frame whose preamble lies inside it', () => {
    const decoder = new IdCardFrameDecoder();
    // A bogus header claiming 12 bytes swallows the start of a real frame.
    const bogus = fromHex('AA AA AA 96 69 00 0C 01 02')!;
    const out = decoder.push(Buffer.concat([bogus, FIND_OK, FIND_OK]));
    expect(out.filter((m) => m.type === 'frame')).toHaveLength(2);
    expect(out[0]).toMatchObject({ type: 'error', reason: matching(/checksum mismatch/) });
  });

  it('an error never echoes more than 8 bytes of what it dropped (frames carry names)', () => {
    const read = encodeReadReply(
      encodeTextBlock({
        cardType: 'foreign-2017',
        englishName: 'SECRET',
        sex: 'male',
        cardNumber: '',
        nationality: '',
        chineseName: '',
        validFrom: '',
        validTo: '',
        birth: '',
        cardVersion: '',
        authorityCode: '',
      }),
    );
    read[read.length - 1]! ^= 0xff;
    const errors = new IdCardFrameDecoder().push(read);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      type: 'error',
      reason: matching(/1295 bytes skipped/),
      bytes: 'AA AA AA 96 69 05 08 00 …',
    });
  });

  it('holds at most one frame in progress', () => {
    const decoder = new IdCardFrameDecoder();
    decoder.push(fromHex('AA AA AA 96 69 09 0A')!);
    decoder.push(new Uint8Array(2000));
    expect(decoder.bufferedBytes).toBe(2007);
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('never throws on random bytes and keeps its buffer below one frame', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.uint8Array({ maxLength: 600 }),
            fc.constant(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69])),
          ),
          { maxLength: 30 },
        ),
        (chunks) => {
          const decoder = new IdCardReplyDecoder();
          for (const chunk of chunks) {
            decoder.push(chunk);
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
          }
        },
      ),
    );
  });

  it('any sequence of frames survives garbage between them and arbitrary chunking', () => {
    const preambleFree = fc.uint8Array({ maxLength: 30 }).map((bytes) => bytes.filter((b) => b !== 0xaa));
    const body = fc.uint8Array({ minLength: 2, maxLength: 300 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(preambleFree, body), { minLength: 1, maxLength: 6 }),
        preambleFree,
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
        (pieces, trailer, cuts) => {
          const stream = Buffer.concat([
            ...pieces.flatMap(([garbage, b]) => [garbage, encodeFrame(b)]),
            trailer,
          ]);
          const frames = feed(new IdCardFrameDecoder(), stream, cuts).filter((m) => m.type === 'frame');
          expect(frames.map((f) => Buffer.from(f.body).toString('hex'))).toEqual(
            pieces.map(([, b]) => Buffer.from(b).toString('hex')),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('replies decode to the same messages however they are chunked', () => {
    const stream = Buffer.concat([encodeStatusReply(0x80), encodeFindReply(), encodeStatusReply(0x41)]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), (cuts) => {
        const decoder = new IdCardReplyDecoder();
        const out = [];
        for (let offset = 0, i = 0; offset < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          out.push(...decoder.push(stream.subarray(offset, offset + size)));
          offset += size;
        }
        expect(out.map((m) => (m.type === 'error' ? 'error' : `${m.type}:${m.sw3.name}`))).toEqual([
          'status:find-failed',
          'card-found:card-found',
          'status:read-failed',
        ]);
      }),
    );
  });
});
