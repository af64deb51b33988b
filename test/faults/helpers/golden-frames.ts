import { encodeWedgeCard, fromHex, isWedgeFormat } from '@yaofang/firmware-bridge';

/**
 * One or more valid frames per device kind and wire format (from
 * PROTOCOLS.md's examples, as in firmware-bridge's golden-frame test): the
 * seeds the fuzzer mutates, and the frame that must decode after the fuzz.
 */
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));
const hex = (text: string) => {
  const bytes = fromHex(text);
  if (!bytes) throw new Error(`bad hex in a golden frame: ${text}`);
  return bytes;
};
const PRE = 'AA AA AA 96 69';

const MODBUS_REQUESTS = [
  hex('01 03 00 00 00 02 C4 0B'),
  hex('01 06 00 01 00 01 19 CA'),
  hex('01 10 00 01 00 02 04 00 01 00 0A E3 A4'),
];
const MODBUS_RESPONSES = [hex('01 06 00 01 00 01 19 CA'), hex('01 83 02 C0 F1')];

const BY_KIND: Record<string, (format: string | undefined) => Uint8Array[]> = {
  'idcard-ga467': () => [
    hex(`${PRE} 00 04 00 00 90 94`),
    hex(`${PRE} 00 08 00 00 9F 00 00 00 00 97`),
    hex(`${PRE} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C`),
  ],
  'rfid-em4100': () => [hex('02 30 46 30 30 33 30 43 32 41 34 35 39 03')],
  'rfid-wedge': (format) => {
    if (!format || !isWedgeFormat(format)) throw new Error(`no wedge golden frame for ${format}`);
    return [
      encodeWedgeCard('0000C80ECC', format),
      encodeWedgeCard('0000C80ECC', format, { keysPerReport: 6 }),
    ];
  },
  'rfid-wiegand': (format) => [format === 'dec10' ? ascii('0008065495\r\n') : ascii('7B11D7\r')],
  'scale-xk3190': (format) => {
    switch (format) {
      case 'tf1':
        return [ascii('=000.3000'), ascii('=00.1000-')];
      case 'tf2':
        return [ascii('=0003.000')];
      case 'a12':
        return [hex('57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A'), ascii('         OL23\r\n')];
      case 'cmd':
        return [hex('02 41 41 30 30 03'), hex('02 41 42 30 33 03')];
      default:
        return [hex('02 2B 30 30 31 35 36 30 32 31 42 03'), hex('02 2B 30 30 30 30 30 30 30 31 42 03')];
    }
  },
  'scale-toledo': () => [
    hex('02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B'),
    hex('02 2C 38 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 23'),
  ],
  'scale-sics': () => [ascii('S S     12.340 kg\r\n'), ascii('S D     12.340 kg\r\n'), ascii('Z A\r\n')],
  'scale-and': () => [hex('53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A')],
  'escpos-status': () => [hex('12'), hex('12 38 00 0C 00 12')],
  'escpos-printer': () => [
    hex('1B 40 1B 61 01 1B 45 01 1D 21 11 1C 26 1C 2E'),
    hex('1D 28 6B 06 00 31 50 30 41 42 43 1D 28 6B 03 00 31 51 30'),
    hex('1D 56 00 1D 56 41 03 10 04 04 1D 72 01'),
  ],
  modbus: (format) => (format === 'request' ? MODBUS_REQUESTS : MODBUS_RESPONSES),
  'bin-controller': (format) => (format === 'request' ? MODBUS_REQUESTS : MODBUS_RESPONSES),
};

export function goldenFrames(kind: string, format: string | undefined): Uint8Array[] {
  const frames = BY_KIND[kind];
  if (!frames) throw new Error(`no golden frames for device kind ${kind}: add them to golden-frames.ts`);
  return frames(format);
}
