import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../codec.ts';
import { EscPosParser, type EscPosCommand } from './escpos-parser.ts';

const parse = (hex: string) => new EscPosParser().push(fromHex(hex)!);

describe('ESC/POS command parser (the printer side of §4)', () => {
  it('reads every golden command of §4', () => {
    expect(parse('1B 40')).toEqual([{ type: 'init' }]);
    expect(parse('1B 61 00 1B 61 01 1B 61 02')).toEqual([
      { type: 'align', align: 'left' },
      { type: 'align', align: 'center' },
      { type: 'align', align: 'right' },
    ]);
    expect(parse('1B 45 01 1B 45 00')).toEqual([
      { type: 'bold', bold: true },
      { type: 'bold', bold: false },
    ]);
    expect(parse('1D 21 00 1D 21 77 1D 21 12')).toEqual([
      { type: 'size', width: 1, height: 1 },
      { type: 'size', width: 8, height: 8 },
      { type: 'size', width: 2, height: 3 },
    ]);
    expect(parse('1C 26 1C 2E')).toEqual([
      { type: 'chinese', on: true },
      { type: 'chinese', on: false },
    ]);
    expect(parse('1D 28 6B 04 00 31 41 32 00')).toEqual([{ type: 'qr-model' }]);
    expect(parse('1D 28 6B 03 00 31 43 10')).toEqual([{ type: 'qr-module-size', size: 16 }]);
    expect(parse('1D 28 6B 03 00 31 45 30 1D 28 6B 03 00 31 45 33')).toEqual([
      { type: 'qr-error-correction', level: 'L' },
      { type: 'qr-error-correction', level: 'H' },
    ]);
    expect(parse('1D 28 6B 05 00 31 50 30 41 42')).toEqual([
      { type: 'qr-store', data: Uint8Array.of(0x41, 0x42) },
    ]);
    expect(parse('1D 28 6B 03 00 31 51 30')).toEqual([{ type: 'qr-print' }]);
    expect(parse('1D 56 00 1D 56 01 1D 56 41 05 1D 56 42 10')).toEqual([
      { type: 'cut', mode: 'full', feedUnits: null },
      { type: 'cut', mode: 'partial', feedUnits: null },
      { type: 'cut', mode: 'full', feedUnits: 5 },
      { type: 'cut', mode: 'partial', feedUnits: 16 },
    ]);
    expect(parse('10 04 01 10 04 04 1D 72 01 1D 61 0F')).toEqual([
      { type: 'realtime-status', request: 1 },
      { type: 'realtime-status', request: 4 },
      { type: 'paper-sensor-status' },
      { type: 'asb-enable', mask: 15 },
    ]);
  });

  it('reads a QR store longer than 252 bytes from its pL pH', () => {
    const data = Buffer.alloc(300, 0x61);
    const [command] = new EscPosParser().push(Buffer.concat([fromHex('1D 28 6B 2F 01 31 50 30')!, data]));
    expect(command).toEqual({ type: 'qr-store', data: Uint8Array.from(data) });
  });

  it('waits for a command cut across chunks, and a text run may end at any chunk', () => {
    const parser = new EscPosParser();
    expect(parser.push(fromHex('1D 28 6B 05')!)).toEqual([]);
    expect(parser.pending).toBe(4);
    expect(parser.push(fromHex('00 31 50 30 41')!)).toEqual([]);
    expect(parser.push(fromHex('42 48 69')!)).toEqual([
      { type: 'qr-store', data: Uint8Array.of(0x41, 0x42) },
      { type: 'text', bytes: Uint8Array.of(0x48, 0x69) },
    ]);
  });

  it('names what it does not understand instead of dropping it silently', () => {
    const commands = parse('1B 21 38 1D 28 6B 03 00 32 51 30 10 04 07 09');
    expect(commands.map((c) => c.type)).toEqual(['unknown', 'text', 'unknown', 'unknown', 'unknown']);
    expect(commands[0]).toMatchObject({
      bytes: Uint8Array.of(0x1b, 0x21),
      reason: 'unsupported ESC command',
    });
    expect(commands[2]).toMatchObject({ reason: 'GS ( k for a symbol other than QR' });
    expect(commands[3]).toMatchObject({ reason: 'DLE EOT 7: n must be 1–4' });
    expect(commands[4]).toMatchObject({ reason: 'unsupported control byte 09' });
  });

  it('property: random bytes never throw and the held-back bytes stay under one GS ( k block', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 }), (chunks) => {
        const parser = new EscPosParser();
        for (const chunk of chunks) parser.push(chunk);
        expect(parser.pending).toBeLessThanOrEqual(5 + 0xffff);
      }),
    );
  });

  it('property: the commands do not depend on how the stream is chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (stream, size) => {
        const whole = new EscPosParser().push(stream);
        const parser = new EscPosParser();
        const chunked: EscPosCommand[] = [];
        for (let i = 0; i < stream.length; i += size)
          chunked.push(...parser.push(stream.subarray(i, i + size)));
        // Text runs may split at chunk edges; join adjacent runs before comparing.
        expect(mergeText(chunked)).toEqual(mergeText(whole));
        expect(parser.pending).toBe(pendingOf(stream));
      }),
    );
  });
});

function pendingOf(stream: Uint8Array): number {
  const parser = new EscPosParser();
  parser.push(stream);
  return parser.pending;
}

function mergeText(commands: EscPosCommand[]): unknown[] {
  const out: unknown[] = [];
  for (const command of commands) {
    const last = out.at(-1) as { type: string; hex: string } | undefined;
    if (command.type === 'text' && last?.type === 'text') last.hex += ` ${toHex(command.bytes)}`;
    else out.push(command.type === 'text' ? { type: 'text', hex: toHex(command.bytes) } : command);
  }
  return out;
}
