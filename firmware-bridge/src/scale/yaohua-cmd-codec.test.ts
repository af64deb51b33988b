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
import {
  createYaohuaCommandDecoder,
  decodeYaohuaCommandFrame,
  encodeYaohuaCommand,
  encodeYaohuaReading,
  type YaohuaCommandMessage,
} from './yaohua-cmd-codec.ts';

// PROTOCOLS.md §3 requests.
const HANDSHAKE = '02 41 41 30 30 03';
const READ_GROSS = '02 41 42 30 33 03';

describe('Yaohua XK3190 command mode codec', () => {
  it('encodes the handshake and read-gross golden requests byte for byte', () => {
    expect(toHex(encodeYaohuaCommand('A', 'A'))).toBe(HANDSHAKE);
    expect(toHex(encodeYaohuaCommand('A', 'B'))).toBe(READ_GROSS);
  });

  it('decodes both golden requests', () => {
    expect(decodeYaohuaCommandFrame(fromHex(HANDSHAKE)!)).toEqual({
      type: 'command',
      address: 'A',
      command: 'A',
    });
    expect(decodeYaohuaCommandFrame(fromHex(READ_GROSS)!)).toEqual({
      type: 'command',
      address: 'A',
      command: 'B',
    });
  });

  it('checksum is the XOR of addr and cmd, matching the manual for C and D too', () => {
    // The indicator manuals list C = 02 41 43 30 32 03 and D = 02 41 44 30 35 03.
    expect(toHex(encodeYaohuaCommand('A', 'C'))).toBe('02 41 43 30 32 03');
    expect(toHex(encodeYaohuaCommand('A', 'D'))).toBe('02 41 44 30 35 03');
    // Address B: 42 ⊕ 42 = 00.
    expect(toHex(encodeYaohuaCommand('B', 'B'))).toBe('02 42 42 30 30 03');
  });

  it('encodes and decodes a gross reading reply (XOR over addr … decimals)', () => {
    const reply = encodeYaohuaReading('A', 'B', 15600, 2);
    // body "AB+0015602": 41⊕42⊕2B⊕30⊕30⊕31⊕35⊕36⊕30⊕32 = 18
    expect(Buffer.from(reply).toString('latin1')).toBe('\x02AB+001560218\x03');
    expect(decodeYaohuaCommandFrame(reply)).toEqual({
      type: 'reading',
      address: 'A',
      command: 'B',
      grams: 15600,
    });
  });

  it('rejects a bad checksum, an unknown command and a reading for the handshake', () => {
    expect(decodeYaohuaCommandFrame(fromHex('02 41 42 30 34 03')!)).toMatchObject({
      type: 'error',
      reason: textMatching(/checksum mismatch/),
    });
    expect(decodeYaohuaCommandFrame(fromHex('02 41 47 30 36 03')!)).toMatchObject({ type: 'error' });
    const body = Buffer.from('AA+0000000', 'latin1');
    expect(decodeYaohuaCommandFrame(Uint8Array.from([2, ...body, 0x30, 0x30, 3]))).toMatchObject({
      type: 'error',
    });
  });

  it('never throws on random bytes and buffers at most one frame', () => {
    checkRandomBytesAreSafe(createYaohuaCommandDecoder, 14);
  });

  const messageArb: fc.Arbitrary<[YaohuaCommandMessage, number]> = fc.oneof(
    fc.tuple(
      fc.record({
        type: fc.constant('command' as const),
        address: fc.stringMatching(/^[A-Z]$/),
        command: fc.constantFrom('A' as const, 'B' as const, 'C' as const, 'D' as const),
      }),
      fc.constant(0),
    ),
    fc.integer({ min: 0, max: 4 }).chain((decimals) =>
      fc.tuple(
        fc.record({
          type: fc.constant('reading' as const),
          address: fc.stringMatching(/^[A-Z]$/),
          command: fc.constantFrom('B' as const, 'C' as const, 'D' as const),
          grams: showableGrams(decimals, 6),
        }),
        fc.constant(decimals),
      ),
    ),
  );
  const encode = ([m, decimals]: [YaohuaCommandMessage, number]) =>
    m.type === 'command'
      ? encodeYaohuaCommand(m.address, m.command)
      : encodeYaohuaReading(m.address, m.command, m.grams, decimals);

  it('any frame survives garbage around it and arbitrary chunking', () => {
    fc.assert(
      fc.property(
        messageArb,
        garbageWithout(0x02),
        garbageWithout(0x02),
        chunkSizes,
        (input, before, after, cuts) => {
          const stream = Buffer.concat([before, encode(input), after]);
          const messages = feedInChunks(createYaohuaCommandDecoder(), stream, cuts).filter(
            (m) => m.type !== 'error',
          );
          expect(messages).toEqual([input[0]]);
        },
      ),
    );
  });

  it('encode then decode gives the message back, and decode then encode the bytes', () => {
    fc.assert(
      fc.property(messageArb, (input) => {
        const frame = encode(input);
        const decoded = decodeYaohuaCommandFrame(frame);
        expect(decoded).toEqual(input[0]);
        if (decoded.type === 'error') throw new Error('not decoded');
        expect(toHex(encode([decoded, input[1]]))).toBe(toHex(frame));
      }),
    );
  });
});
