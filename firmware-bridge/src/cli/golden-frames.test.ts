import { describe, expect, it } from 'vitest';
import { toHex } from '../codec.ts';
import { main } from './main.ts';
import { memoryIo } from './memory-io.ts';

/**
 * Every example frame of PROTOCOLS.md, through `yaofang-bridge decode --hex`,
 * gives exactly the objects of the decode contract. Host requests to
 * answer-only devices (ID card reader) are left out: `decode` reads what a
 * device sends.
 */
interface Golden {
  what: string;
  device: string;
  format?: string;
  hex: string;
  expected: object[];
}

const ascii = (text: string) => toHex(Buffer.from(text, 'latin1'));
const weight = (grams: number, stable: boolean | null, extra: object = {}) => ({
  type: 'weight',
  grams,
  stable,
  overload: false,
  net: false,
  ...extra,
});
const printerStatus = (
  flags: Partial<Record<'paperOut' | 'paperNearEnd' | 'coverOpen' | 'offline' | 'error', boolean>>,
) => ({
  type: 'printer.status',
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  offline: false,
  error: false,
  ...flags,
});
const idStatus = (sw3: string, ok: boolean) => ({ type: 'idcard.status', sw3, ok });
/** HID reports for a key-down then key-up of each keycode. */
const typed = (...codes: string[]) =>
  codes.map((code) => `00 00 ${code} 00 00 00 00 00 00 00 00 00 00 00 00 00`).join(' ');
const PRE = 'AA AA AA 96 69';

const GOLDEN: Golden[] = [
  // §1 ID card reader: reader → host replies
  {
    what: 'find card: found',
    device: 'idcard-ga467',
    hex: `${PRE} 00 08 00 00 9F 00 00 00 00 97`,
    expected: [idStatus('9F', true)],
  },
  {
    what: 'select card: ok (zero data)',
    device: 'idcard-ga467',
    hex: `${PRE} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C`,
    expected: [idStatus('90', true)],
  },
  {
    what: 'SAM status ok',
    device: 'idcard-ga467',
    hex: `${PRE} 00 04 00 00 90 94`,
    expected: [idStatus('90', true)],
  },
  {
    what: 'no card',
    device: 'idcard-ga467',
    hex: `${PRE} 00 04 00 00 80 84`,
    expected: [idStatus('80', false)],
  },
  {
    what: 'select failed',
    device: 'idcard-ga467',
    hex: `${PRE} 00 04 00 00 81 85`,
    expected: [idStatus('81', false)],
  },
  {
    what: 'read failed',
    device: 'idcard-ga467',
    hex: `${PRE} 00 04 00 00 41 45`,
    expected: [idStatus('41', false)],
  },

  // §2 RFID readers
  {
    what: 'EM4100 card',
    device: 'rfid-em4100',
    hex: '02 30 46 30 30 33 30 43 32 41 34 35 39 03',
    expected: [{ type: 'card', uid: '0F0030C2A4' }],
  },
  {
    what: 'keyboard wedge types 0013110988⏎',
    device: 'rfid-wedge',
    format: 'decimal',
    hex: typed('27', '27', '1E', '20', '1E', '1E', '27', '26', '25', '25', '28'),
    expected: [{ type: 'card', uid: '0000C80ECC' }],
  },
  // Wiegand has no worked example in PROTOCOLS.md: facility 123, card 4567.
  {
    what: 'Wiegand converter, 6 hex + CR',
    device: 'rfid-wiegand',
    format: 'hex6',
    hex: ascii('7B11D7\r'),
    expected: [{ type: 'card', uid: '7B11D7', facility: 123, card: 4567 }],
  },
  {
    what: 'Wiegand converter, 10 decimal + CR LF',
    device: 'rfid-wiegand',
    format: 'dec10',
    hex: ascii('0008065495\r\n'),
    expected: [{ type: 'card', uid: '7B11D7', facility: 123, card: 4567 }],
  },

  // §3 weighing indicators
  {
    what: 'XK3190 tf0 15.60 kg',
    device: 'scale-xk3190',
    format: 'tf0',
    hex: '02 2B 30 30 31 35 36 30 32 31 42 03',
    expected: [weight(15600, null)],
  },
  {
    what: 'XK3190 tf0 zero',
    device: 'scale-xk3190',
    format: 'tf0',
    hex: '02 2B 30 30 30 30 30 30 30 31 42 03',
    expected: [weight(0, null)],
  },
  {
    what: 'XK3190 tf1 3.000',
    device: 'scale-xk3190',
    format: 'tf1',
    hex: ascii('=000.3000'),
    expected: [weight(3000, null)],
  },
  {
    what: 'XK3190 tf1 −1.00',
    device: 'scale-xk3190',
    format: 'tf1',
    hex: ascii('=00.1000-'),
    expected: [weight(-1000, null)],
  },
  {
    what: 'XK3190 tf2 3.000',
    device: 'scale-xk3190',
    format: 'tf2',
    hex: ascii('=0003.000'),
    expected: [weight(3000, null)],
  },
  {
    what: 'XK3190 A12 4.139 kg gross',
    device: 'scale-xk3190',
    format: 'a12',
    hex: '57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A',
    expected: [weight(4139, null)],
  },
  {
    what: 'XK3190 A12 overload',
    device: 'scale-xk3190',
    format: 'a12',
    hex: ascii('         OL23\r\n'),
    expected: [weight(0, null, { overload: true })],
  },
  {
    what: 'XK3190 command mode: handshake and read-gross requests',
    device: 'scale-xk3190',
    format: 'cmd',
    hex: '02 41 41 30 30 03 02 41 42 30 33 03',
    expected: [
      { type: 'command', address: 'A', command: 'A' },
      { type: 'command', address: 'A', command: 'B' },
    ],
  },
  {
    what: 'Toledo 12.34 kg stable',
    device: 'scale-toledo',
    hex: '02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B',
    expected: [weight(12340, true)],
  },
  {
    what: 'Toledo 12.34 kg in motion',
    device: 'scale-toledo',
    hex: '02 2C 38 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 23',
    expected: [weight(12340, false)],
  },
  {
    what: 'MT-SICS replies',
    device: 'scale-sics',
    hex: ascii(
      'S S     12.340 kg\r\nS D     12.340 kg\r\nS +\r\nS I\r\nZ A\r\nZ I\r\nZ +\r\nZ -\r\nES\r\nET\r\nEL\r\n',
    ),
    expected: [
      weight(12340, true),
      weight(12340, false),
      weight(0, null, { overload: true }),
      { type: 'busy' },
      { type: 'zero', result: 'done' },
      { type: 'zero', result: 'busy' },
      { type: 'zero', result: 'over' },
      { type: 'zero', result: 'under' },
      { type: 'device-error', code: 'ES' },
      { type: 'device-error', code: 'ET' },
      { type: 'device-error', code: 'EL' },
    ],
  },
  {
    what: 'A&D ST,GS,+0012.34kg',
    device: 'scale-and',
    hex: '53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A',
    expected: [weight(12340, true)],
  },

  // §4 ESC/POS: status replies, then the print-job commands
  { what: 'status idle', device: 'escpos-status', format: 'n1', hex: '12', expected: [printerStatus({})] },
  {
    what: 'paper out, n=1',
    device: 'escpos-status',
    format: 'n1',
    hex: '1A',
    expected: [printerStatus({ offline: true })],
  },
  {
    what: 'paper out, n=2',
    device: 'escpos-status',
    format: 'n2',
    hex: '32',
    expected: [printerStatus({ paperOut: true, offline: true })],
  },
  {
    what: 'paper out, n=4',
    device: 'escpos-status',
    format: 'n4',
    hex: '7E',
    expected: [printerStatus({ paperOut: true, paperNearEnd: true, offline: true })],
  },
  {
    what: 'ESC/POS job commands',
    device: 'escpos-printer',
    hex:
      '1B 40 1B 61 01 1B 45 01 1D 21 11 1C 26 1C 2E ' +
      '1D 28 6B 04 00 31 41 32 00 1D 28 6B 03 00 31 43 06 1D 28 6B 03 00 31 45 31 ' +
      '1D 28 6B 06 00 31 50 30 41 42 43 1D 28 6B 03 00 31 51 30 ' +
      '1D 56 00 1D 56 01 1D 56 41 03 1D 56 42 03 10 04 04 1D 72 01 1D 61 FF',
    expected: [
      { type: 'escpos.init' },
      { type: 'escpos.align', align: 'center' },
      { type: 'escpos.bold', bold: true },
      { type: 'escpos.size', width: 2, height: 2 },
      { type: 'escpos.chinese', on: true },
      { type: 'escpos.chinese', on: false },
      { type: 'escpos.qr-model' },
      { type: 'escpos.qr-module-size', size: 6 },
      { type: 'escpos.qr-error-correction', level: 'M' },
      { type: 'escpos.qr-store', data: '41 42 43' },
      { type: 'escpos.qr-print' },
      { type: 'escpos.cut', mode: 'full', feedUnits: null },
      { type: 'escpos.cut', mode: 'partial', feedUnits: null },
      { type: 'escpos.cut', mode: 'full', feedUnits: 3 },
      { type: 'escpos.cut', mode: 'partial', feedUnits: 3 },
      { type: 'escpos.realtime-status', request: 4 },
      { type: 'escpos.paper-sensor-status' },
      { type: 'escpos.asb-enable', mask: 255 },
    ],
  },

  // §5 Modbus RTU
  {
    what: 'Modbus requests 03, 03, 06, 16',
    device: 'modbus',
    format: 'request',
    hex: '01 03 00 00 00 02 C4 0B 01 03 00 50 00 02 C4 1A 01 06 00 01 00 01 19 CA 01 10 00 01 00 02 04 00 01 00 0A E3 A4',
    expected: [
      { type: 'modbus.request', unit: 1, fn: 3, address: 0, count: 2 },
      { type: 'modbus.request', unit: 1, fn: 3, address: 0x50, count: 2 },
      { type: 'modbus.request', unit: 1, fn: 6, address: 1, value: 1 },
      { type: 'modbus.request', unit: 1, fn: 16, address: 1, count: 2, values: [1, 10] },
    ],
  },
  {
    what: 'Modbus write-single echo as a response',
    device: 'bin-controller',
    hex: '01 06 00 01 00 01 19 CA',
    expected: [{ type: 'modbus.response', unit: 1, fn: 6, registers: [1, 1], address: 1, value: 1 }],
  },
  {
    what: 'Modbus exception',
    device: 'modbus',
    hex: '01 83 02 C0 F1',
    expected: [{ type: 'modbus.exception', unit: 1, fn: 3, code: 2, name: 'illegal-address' }],
  },
];

async function decodeHex(device: string, format: string | undefined, hex: string) {
  const io = memoryIo();
  const code = await main(
    ['decode', '--device', device, ...(format ? ['--format', format] : []), '--hex', hex],
    io,
  );
  return { code, lines: io.jsonLines(), err: io.err() };
}

describe('yaofang-bridge decode: every PROTOCOLS.md example', () => {
  it.each(GOLDEN)('$device $format: $what', async ({ device, format, hex, expected }) => {
    expect(await decodeHex(device, format, hex)).toEqual({ code: 0, lines: expected, err: '' });
  });

  it('prints each message as one line of plain JSON', async () => {
    const io = memoryIo();
    await main(
      ['decode', '--device', 'rfid-em4100', '--hex', '02 30 46 30 30 33 30 43 32 41 34 35 39 03'],
      io,
    );
    expect(io.out()).toBe('{"type":"card","uid":"0F0030C2A4"}\n');
  });

  it.each([
    [
      'rfid-em4100',
      undefined,
      '02 30 46 30 30 33 30 43 32 41 34 35 39 03',
      { type: 'card', uid: '0F0030C2A4' },
    ],
    ['scale-xk3190', 'tf0', '02 2B 30 30 31 35 36 30 32 31 42 03', weight(15600, null)],
    ['scale-toledo', undefined, '02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B', weight(12340, true)],
    ['scale-and', undefined, '53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A', weight(12340, true)],
    ['idcard-ga467', undefined, `${PRE} 00 04 00 00 90 94`, idStatus('90', true)],
    ['modbus', undefined, '01 83 02 C0 F1', { type: 'modbus.exception', unit: 1, fn: 3, code: 2 }],
  ])('%s %s: garbage, then a frame: an error line, then the frame', async (device, format, hex, frame) => {
    const { code, lines } = await decodeHex(device, format, `FF 13 37 ${hex}`);
    expect(code).toBe(0);
    expect(lines[0]).toMatchObject({ type: 'error', reason: expect.any(String) as unknown });
    expect(lines.at(-1)).toMatchObject(frame);
  });
});
