import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRandomBytesAreSafe,
  chunkSizes,
  feedInChunks,
  showableGrams,
  textMatching,
} from './test-kit.ts';
import {
  createSicsReplyDecoder,
  decodeSicsLine,
  encodeSicsCommand,
  encodeSicsReply,
  parseSicsCommand,
  type SicsReply,
} from './sics-codec.ts';
import { weightReading } from './weight.ts';

const line = (text: string) => Uint8Array.from(Buffer.from(`${text}\r\n`, 'latin1'));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('MT-SICS codec', () => {
  it('commands are text with CR LF', () => {
    expect(text(encodeSicsCommand('S'))).toBe('S\r\n');
    expect(text(encodeSicsCommand('SI'))).toBe('SI\r\n');
    expect(text(encodeSicsCommand('Z'))).toBe('Z\r\n');
    expect(parseSicsCommand('SI\r')).toBe('SI');
    expect(parseSicsCommand('T')).toBeNull();
  });

  it('decodes every reply of the spec', () => {
    expect(decodeSicsLine(line('S S     12.340 kg'))).toEqual(weightReading(12340, { stable: true }));
    expect(decodeSicsLine(line('S D      0.125 kg'))).toEqual(weightReading(125, { stable: false }));
    expect(decodeSicsLine(line('S S     100.00 g'))).toEqual(weightReading(100, { stable: true }));
    expect(decodeSicsLine(line('S +'))).toEqual({ type: 'out-of-range', direction: 'over' });
    expect(decodeSicsLine(line('S -'))).toEqual({ type: 'out-of-range', direction: 'under' });
    expect(decodeSicsLine(line('S I'))).toEqual({ type: 'busy' });
    expect(decodeSicsLine(line('Z A'))).toEqual({ type: 'zero', result: 'done' });
    expect(decodeSicsLine(line('Z I'))).toEqual({ type: 'zero', result: 'busy' });
    expect(decodeSicsLine(line('Z +'))).toEqual({ type: 'zero', result: 'over' });
    expect(decodeSicsLine(line('Z -'))).toEqual({ type: 'zero', result: 'under' });
    for (const code of ['ES', 'ET', 'EL'] as const) {
      expect(decodeSicsLine(line(code))).toEqual({ type: 'command-error', code });
    }
  });

  it('encodes every reply as the balance prints it', () => {
    const encoded = (reply: SicsReply, decimals = 3) => text(encodeSicsReply(reply, { decimals }));
    expect(encoded(weightReading(12340, { stable: true }))).toBe('S S     12.340 kg\r\n');
    expect(encoded(weightReading(-125, { stable: false }))).toBe('S D     -0.125 kg\r\n');
    expect(encoded({ type: 'out-of-range', direction: 'over' })).toBe('S +\r\n');
    expect(encoded({ type: 'busy' })).toBe('S I\r\n');
    expect(encoded({ type: 'zero', result: 'done' })).toBe('Z A\r\n');
    expect(encoded({ type: 'command-error', code: 'EL' })).toBe('EL\r\n');
  });

  it('converts decimals exactly and rejects non-metric units', () => {
    // 0.1 + 0.2 style float error would give 299.99999999999994.
    expect(decodeSicsLine(line('S S 0.3 kg'))).toMatchObject({ grams: 300 });
    expect(decodeSicsLine(line('S S 1500 mg'))).toMatchObject({ grams: 2 });
    expect(decodeSicsLine(line('S S 1.25 lb'))).toMatchObject({
      type: 'error',
      reason: textMatching(/lb/),
    });
  });

  it('finds a reply behind garbage on the same line, and rejects unknown lines', () => {
    const out = createSicsReplyDecoder().push(
      Buffer.from('\xff\x00S S      1.000 kg\r\nHELLO\r\n', 'latin1'),
    );
    expect(out).toEqual([
      expect.objectContaining({ type: 'error' }),
      weightReading(1000, { stable: true }),
      expect.objectContaining({ type: 'error', reason: textMatching(/not a SICS reply/) }),
    ]);
  });

  it('never throws on random bytes and keeps its buffer bounded', () => {
    checkRandomBytesAreSafe(createSicsReplyDecoder, 64);
  });

  const replyArb: fc.Arbitrary<[SicsReply, number]> = fc.oneof(
    fc.integer({ min: 0, max: 5 }).chain((d) =>
      fc.tuple(
        fc
          .tuple(showableGrams(d, 8), fc.boolean())
          .map(([grams, stable]) => weightReading(grams, { stable })),
        fc.constant(d),
      ),
    ),
    fc.tuple(
      fc.constantFrom<SicsReply>(
        { type: 'out-of-range', direction: 'over' },
        { type: 'out-of-range', direction: 'under' },
        { type: 'busy' },
        { type: 'zero', result: 'done' },
        { type: 'zero', result: 'busy' },
        { type: 'zero', result: 'over' },
        { type: 'zero', result: 'under' },
        { type: 'command-error', code: 'ES' },
        { type: 'command-error', code: 'ET' },
        { type: 'command-error', code: 'EL' },
      ),
      fc.constant(3),
    ),
  );

  it('any reply survives arbitrary garbage before it (no LF) and after it, with arbitrary chunking', () => {
    const noLf = fc.uint8Array({ maxLength: 30 }).map((b) => b.filter((x) => x !== 0x0a));
    fc.assert(
      fc.property(
        replyArb,
        noLf,
        fc.uint8Array({ maxLength: 30 }),
        chunkSizes,
        ([reply, decimals], before, after, cuts) => {
          const stream = Buffer.concat([before, encodeSicsReply(reply, { decimals }), after]);
          const messages = feedInChunks(createSicsReplyDecoder(), stream, cuts).filter(
            (m) => m.type !== 'error',
          );
          expect(messages[0]).toEqual(reply);
        },
      ),
    );
  });

  it('encode then decode gives the reply back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(replyArb, ([reply, decimals]) => {
        const bytes = encodeSicsReply(reply, { decimals });
        const decoded = decodeSicsLine(bytes);
        expect(decoded).toEqual(reply);
        if (decoded.type === 'error') throw new Error('not decoded');
        expect(text(encodeSicsReply(decoded, { decimals }))).toBe(text(bytes));
      }),
    );
  });
});
