import { describe, expect, it } from 'vitest';
import { textMatching } from './test-kit.ts';
import { fromHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { scaleAnd, scaleDeviceKinds, scaleSics, scaleToledo, scaleXk3190 } from './device-kinds.ts';
import { encodeYaohuaReading } from './yaohua-cmd-codec.ts';

const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('scale DeviceKinds and the decode JSON contract', () => {
  it('names, formats and serial defaults', () => {
    expect(scaleDeviceKinds.map((k) => k.kind)).toEqual([
      'scale-xk3190',
      'scale-toledo',
      'scale-sics',
      'scale-and',
    ]);
    expect(scaleXk3190.formats).toEqual(['tf0', 'tf1', 'tf2', 'a12', 'cmd']);
    expect(scaleXk3190.serial).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
  });

  it('every golden weight frame decodes to exactly the contract object', () => {
    const cases: Array<[ReturnType<typeof scaleXk3190.createJsonDecoder>, Uint8Array, object]> = [
      [
        scaleXk3190.createJsonDecoder('tf0'),
        fromHex('02 2B 30 30 31 35 36 30 32 31 42 03')!,
        { grams: 15600, stable: null },
      ],
      [
        scaleXk3190.createJsonDecoder('tf0'),
        fromHex('02 2B 30 30 30 30 30 30 30 31 42 03')!,
        { grams: 0, stable: null },
      ],
      [scaleXk3190.createJsonDecoder('tf1'), ascii('=000.3000'), { grams: 3000, stable: null }],
      [scaleXk3190.createJsonDecoder('tf1'), ascii('=00.1000-'), { grams: -1000, stable: null }],
      [scaleXk3190.createJsonDecoder('tf2'), ascii('=0003.000'), { grams: 3000, stable: null }],
      [
        scaleXk3190.createJsonDecoder('a12'),
        fromHex('57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A')!,
        { grams: 4139, stable: null },
      ],
      [
        scaleToledo.createJsonDecoder(),
        fromHex('02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B')!,
        { grams: 12340, stable: true },
      ],
      [
        scaleToledo.createJsonDecoder(),
        fromHex('02 2C 38 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 23')!,
        { grams: 12340, stable: false },
      ],
      [
        scaleAnd.createJsonDecoder(),
        fromHex('53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A')!,
        { grams: 12340, stable: true },
      ],
      [scaleSics.createJsonDecoder(), ascii('S S     12.340 kg\r\n'), { grams: 12340, stable: true }],
      [
        scaleXk3190.createJsonDecoder('cmd'),
        encodeYaohuaReading('A', 'B', 15600, 2),
        { grams: 15600, stable: null },
      ],
    ];
    for (const [decoder, bytes, expected] of cases) {
      expect(decoder.push(bytes)).toEqual([{ type: 'weight', overload: false, net: false, ...expected }]);
    }
  });

  it('overload and net are in the contract object', () => {
    expect(scaleXk3190.createJsonDecoder('a12').push(ascii('         OL23\r\n'))).toEqual([
      { type: 'weight', grams: 0, stable: null, overload: true, net: false },
    ]);
    expect(scaleSics.createJsonDecoder().push(ascii('S +\r\n'))).toEqual([
      { type: 'weight', grams: 0, stable: null, overload: true, net: false },
    ]);
    expect(scaleXk3190.createJsonDecoder('cmd').push(encodeYaohuaReading('A', 'D', 500, 2))).toEqual([
      { type: 'weight', grams: 500, stable: null, overload: false, net: true },
    ]);
  });

  it('bytes that form no frame become an error, and frames after them still decode', () => {
    for (const [decoder, frame] of [
      [scaleXk3190.createJsonDecoder('tf0'), fromHex('02 2B 30 30 31 35 36 30 32 31 42 03')!],
      [scaleXk3190.createJsonDecoder('tf2'), ascii('=0003.000')],
      [scaleToledo.createJsonDecoder(), fromHex('02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B')!],
      [scaleAnd.createJsonDecoder(), fromHex('53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A')!],
    ] as const) {
      const out = decoder.push(Buffer.concat([Buffer.from([0xff, 0x13, 0x37]), frame]));
      expect(out[0]).toMatchObject({ type: 'error', reason: textMatching(/./), bytes: 'FF 13 37' });
      expect(out.at(-1)).toMatchObject({ type: 'weight' });
    }
  });

  it('other messages have their own types: tare, handshake, busy, zero, device-error', () => {
    expect(scaleAnd.createJsonDecoder().push(ascii('ST,TR,+0001.20kg\r\n'))).toEqual([
      { type: 'tare', grams: 1200 },
    ]);
    expect(scaleXk3190.createJsonDecoder('cmd').push(fromHex('02 41 41 30 30 03')!)).toEqual([
      { type: 'command', address: 'A', command: 'A' },
    ]);
    expect(scaleSics.createJsonDecoder().push(ascii('S I\r\nZ A\r\nEL\r\n'))).toEqual([
      { type: 'busy' },
      { type: 'zero', result: 'done' },
      { type: 'device-error', code: 'EL' },
    ]);
  });

  it('rejects unknown formats and creates simulators for each kind', async () => {
    expect(() => scaleXk3190.createJsonDecoder('tf9')).toThrow(RangeError);
    expect(() => scaleToledo.createJsonDecoder('tf0')).toThrow(RangeError);
    for (const kind of scaleDeviceKinds) {
      const formats = kind.formats.length > 0 ? kind.formats : [undefined];
      for (const format of formats) {
        const link = createMemoryLink(kind.kind);
        const sim = kind.createSimulator!(link.device, format);
        expect(await sim.control('weight 1.25')).toMatchObject({ ok: true });
        expect(sim.snapshot()).toMatchObject({ grams: 1250 });
      }
    }
  });
});
