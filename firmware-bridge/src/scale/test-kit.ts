import { expect } from 'vitest';
import fc from 'fast-check';
import type { DecodeError } from '../codec.ts';
import type { FrameDecoder } from './frame-decoder.ts';

/**
 * Helpers for the scale codec tests (property tests share their shape across
 * formats). Not exported from the package.
 */

/** Feed `stream` to `decoder` in chunks whose sizes cycle through `cuts`. */
export function feedInChunks<M>(
  decoder: FrameDecoder<M>,
  stream: Uint8Array,
  cuts: number[],
): Array<M | DecodeError> {
  const out: Array<M | DecodeError> = [];
  let offset = 0;
  let i = 0;
  while (offset < stream.length) {
    const size = cuts[i++ % cuts.length]!;
    out.push(...decoder.push(stream.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}

export const chunkSizes = fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 10 });

/** Random garbage without the given bytes (so it cannot start a frame). */
export const garbageWithout = (...excluded: number[]) =>
  fc.uint8Array({ maxLength: 40 }).map((bytes) => bytes.filter((b) => !excluded.includes(b)));

/** Random chunks never throw and never leave more than `maxBuffered` bytes waiting. */
export function checkRandomBytesAreSafe<M>(create: () => FrameDecoder<M>, maxBuffered: number): void {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
      const decoder = create();
      for (const chunk of chunks) {
        decoder.push(chunk);
        if (decoder.buffered > maxBuffered) throw new Error(`buffered ${decoder.buffered} > ${maxBuffered}`);
      }
    }),
  );
}

/** Grams that a display with `decimals` kg decimals and `maxDigits` digits shows exactly. */
export function showableGrams(decimals: number, maxDigits: number): fc.Arbitrary<number> {
  const step = decimals <= 3 ? 10 ** (3 - decimals) : 1;
  const perGram = decimals > 3 ? 10 ** (decimals - 3) : 1;
  const maxK = Math.floor((10 ** maxDigits - 1) / perGram);
  return fc.integer({ min: -maxK, max: maxK }).map((k) => k * step);
}

/** `expect.stringMatching` typed as `unknown`, so lint can see nothing unsafe flows from it. */
export const textMatching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
