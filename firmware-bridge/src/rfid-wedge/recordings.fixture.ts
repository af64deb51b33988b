import { fromHex } from '../codec.ts';
import type { WedgeFormat } from './wedge-format.ts';

/**
 * Synthetic input-report recordings, written by hand from the HID usage table
 * (not produced by our encoder) so the decoder is checked against an
 * independent source. One string per report, as `xxd` of /dev/hidraw shows it.
 */
export interface WedgeRecording {
  format: WedgeFormat;
  typed: string;
  uid: string;
  reports: Uint8Array[];
}

const UP = '00 00 00 00 00 00 00 00';
const key = (code: string) => `00 00 ${code} 00 00 00 00 00`;
/** Key-down, key-up for each keycode, as most readers send. */
const typed = (...codes: string[]) => codes.flatMap((code) => [key(code), UP]);
const parse = (lines: string[]) => lines.map((line) => fromHex(line)!);

export const WEDGE_RECORDINGS: readonly WedgeRecording[] = [
  {
    // PROTOCOLS.md §2 example: 13110988 = 0x00C80ECC.
    format: 'decimal',
    typed: '0013110988',
    uid: '0000C80ECC',
    reports: parse(typed('27', '27', '1E', '20', '1E', '1E', '27', '26', '25', '25', '28')),
  },
  {
    // The EM4100 example tag number 3195556 = 0x0030C2A4, typed by a 10-digit reader.
    format: 'decimal',
    typed: '0003195556',
    uid: '000030C2A4',
    reports: parse(typed('27', '27', '27', '20', '1E', '26', '22', '22', '22', '23', '28')),
  },
  {
    // Keypad digits and keypad Enter; 473670148 = 0x1C3BA204, bytes reversed → 04 A2 3B 1C.
    format: 'decimal-lsb',
    typed: '0473670148',
    uid: '0004A23B1C',
    reports: parse(typed('62', '5C', '5F', '5B', '5E', '5F', '62', '59', '5C', '60', '58')),
  },
  {
    // Shift held (modifier 02) while typing letters: upper case, same uid.
    format: 'hex',
    typed: '04a23b1c',
    uid: '04A23B1C',
    reports: parse([
      key('27'),
      UP,
      key('21'),
      UP,
      '02 00 04 00 00 00 00 00',
      UP,
      key('1F'),
      UP,
      key('20'),
      UP,
      '02 00 05 00 00 00 00 00',
      UP,
      key('1E'),
      UP,
      '02 00 06 00 00 00 00 00',
      UP,
      key('28'),
      UP,
    ]),
  },
  {
    // A fast reader packs three keys per report.
    format: 'hex-lsb',
    typed: '1c3ba204',
    uid: '04A23B1C',
    reports: parse([
      '00 00 1E 06 20 00 00 00',
      UP,
      '00 00 05 04 1F 00 00 00',
      UP,
      '00 00 27 21 28 00 00 00',
      UP,
    ]),
  },
];
