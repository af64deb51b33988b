import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../codec.ts';
import {
  encodeWiegandLine,
  encodeWiegandUidLine,
  WIEGAND_FORMATS,
  WiegandDecoder,
  type WiegandFormat,
} from './wiegand-codec.ts';

/** Asymmetric matchers typed as `unknown`, so object literals holding them stay lint-clean. */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const anyString: unknown = expect.any(String);

// Golden lines derived by hand: facility 123, card 4567 → 24 bits 0x7B11D7 = 8065495.
const HEX6 = '37 42 31 31 44 37 0D'; // "7B11D7\r"
const DEC10 = '30 30 30 38 30 36 35 34 39 35 0D 0A'; // "0008065495\r\n"
const CARD = { type: 'card', uid: '7B11D7', facility: 123, card: 4567 };

const cardsOf = (messages: ReturnType<WiegandDecoder['push']>) =>
  messages.flatMap((m) => (m.type === 'card' ? [m.uid] : []));

describe('Wiegand-26 converter lines', () => {
  it('encodes the golden lines byte for byte', () => {
    expect(toHex(encodeWiegandLine({ facility: 123, card: 4567 }, 'hex6'))).toBe(HEX6);
    expect(toHex(encodeWiegandLine({ facility: 123, card: 4567 }, 'dec10'))).toBe(DEC10);
    expect(Buffer.from(encodeWiegandLine({ facility: 255, card: 65535 }, 'dec10')).toString()).toBe(
      '0016777215\r\n',
    );
    expect(Buffer.from(encodeWiegandUidLine('010001', 'dec10')).toString()).toBe('0000065537\r\n');
  });

  it.each([
    ['hex6', HEX6],
    ['dec10', DEC10],
  ] as const)('decodes the golden %s line to uid, facility and card', (format, hex) => {
    expect(new WiegandDecoder(format).push(fromHex(hex)!)).toEqual([CARD]);
  });

  it('accepts lower-case hex and either line end', () => {
    const decoder = new WiegandDecoder('hex6');
    expect(decoder.push(Buffer.from('7b11d7\n7B11D7\r\n'))).toEqual([CARD, CARD]);
  });

  it('reports lines of the wrong length or the other format as errors and reads the next line', () => {
    const decoder = new WiegandDecoder('dec10');
    const out = decoder.push(Buffer.from('7B11D7\r0016777216\r\n12\r\n0008065495\r\n'));
    expect(out.map((m) => m.type)).toEqual(['error', 'error', 'error', 'card']);
    expect(out[1]).toMatchObject({ reason: matching(/does not fit in the 24 data bits/) });
  });

  it('reads a frame after garbage on the same line and reports the garbage', () => {
    const decoder = new WiegandDecoder('hex6');
    const out = decoder.push(Buffer.from('Z?\x007B11D7\r'));
    expect(out).toEqual([{ type: 'error', reason: anyString, bytes: '5A 3F 00' }, CARD]);
  });

  it('drops a run without line end past 64 bytes, keeping a possible frame start', () => {
    const decoder = new WiegandDecoder('hex6');
    const out = [...decoder.push(Buffer.alloc(70, 0x5a)), ...decoder.push(Buffer.from('7B11D7\r'))];
    expect(out[0]).toMatchObject({ type: 'error', reason: matching(/no line end within 64 bytes/) });
    // The kept tail is "ZZZZZZ", so the line is garbage + frame: the card still decodes.
    expect(cardsOf(out)).toEqual(['7B11D7']);
  });

  it('never throws on random bytes and keeps its buffer bounded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...WIEGAND_FORMATS),
        fc.array(fc.uint8Array({ maxLength: 80 }), { maxLength: 20 }),
        (format, chunks) => {
          const decoder = new WiegandDecoder(format);
          for (const chunk of chunks) {
            for (const m of decoder.push(chunk)) expect(['card', 'error']).toContain(m.type);
            // @ts-expect-error -- white-box: the line buffer is capped.
            expect((decoder.buffer as { length: number }).length).toBeLessThanOrEqual(64);
          }
        },
      ),
    );
  });

  it('any line survives arbitrary chunking and garbage before and after; encode∘decode is identity', () => {
    // Garbage before holds no frame characters (it could extend the frame's
    // run otherwise) but may hold line ends; garbage after is anything.
    const garbageFor = (format: WiegandFormat) =>
      fc.uint8Array({ maxLength: 100 }).map((bytes) =>
        bytes.filter((b) => {
          const c = String.fromCharCode(b);
          return format === 'hex6' ? !/[0-9A-Fa-f]/.test(c) : !/[0-9]/.test(c);
        }),
      );
    const scenario = fc.constantFrom(...WIEGAND_FORMATS).chain((format) =>
      fc.record({
        format: fc.constant(format),
        facility: fc.integer({ min: 0, max: 255 }),
        card: fc.integer({ min: 0, max: 65535 }),
        before: garbageFor(format),
        after: fc.uint8Array({ maxLength: 40 }),
        cuts: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 10 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ format, facility, card, before, after, cuts }) => {
        const stream = Buffer.concat([before, encodeWiegandLine({ facility, card }, format), after]);
        const decoder = new WiegandDecoder(format);
        const cards: Array<{ facility: number; card: number }> = [];
        let offset = 0;
        for (let i = 0; offset < stream.length; i++) {
          const size = cuts[i % cuts.length]!;
          for (const m of decoder.push(stream.subarray(offset, offset + size)))
            if (m.type === 'card') cards.push({ facility: m.facility, card: m.card });
          offset += size;
        }
        expect(cards[0]).toEqual({ facility, card });
      }),
    );
  });
});
