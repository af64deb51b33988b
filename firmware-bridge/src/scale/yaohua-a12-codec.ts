import { decodeError } from '../codec.ts';
import { LineDecoder } from './frame-decoder.ts';
import {
  ascii,
  formatScaled,
  gramsToScaled,
  parseDecimalGrams,
  weightReading,
  xorNibbles,
  type WeightReading,
} from './weight.ts';

/**
 * Yaohua XK3190-A12(E) continuous output, PROTOCOLS.md §3, 15 bytes:
 * `W` + `G`/`N` + 7 weight characters + `kg` + XOR (hi, lo ASCII nibbles) over
 * bytes 0–10 + CR LF. Overload is 9 blanks + `OL` + checksum + CR LF; the
 * indicator's manual also documents `LO` for underload, which we report as
 * out of range too. No stability flag: `stable` is null.
 */
const FRAME_LENGTH = 15;
const CR = 0x0d;
const LF = 0x0a;

export interface A12EncodeOptions {
  /** Display decimals in kg, 0–4. */
  decimals: number;
  net?: boolean;
}

export function encodeA12(grams: number, options: A12EncodeOptions): Uint8Array {
  const { decimals } = options;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4) {
    throw new RangeError(`A12 decimals must be 0–4, got ${decimals}`);
  }
  const scaled = gramsToScaled(grams, decimals, 3);
  // Without a point the manual leaves the last (9th) byte blank.
  const width = decimals === 0 ? 6 : 7;
  const sign = scaled < 0 ? '-' : '';
  const magnitude = formatScaled(scaled, decimals).padStart(width - sign.length, '0');
  const field = (sign + magnitude).padEnd(7, ' ');
  if (sign.length + magnitude.length > width) throw new RangeError(`${grams} g does not fit the A12 display`);
  return withChecksum(`W${options.net ? 'N' : 'G'}${field}kg`);
}

export function encodeA12OutOfRange(which: 'over' | 'under'): Uint8Array {
  return withChecksum(`${' '.repeat(9)}${which === 'over' ? 'OL' : 'LO'}`);
}

function withChecksum(text: string): Uint8Array {
  const body = Buffer.from(text, 'latin1');
  return Uint8Array.from([...body, ...xorNibbles(body), CR, LF]);
}

export function parseA12Line(line: Buffer): WeightReading | { invalid: string } {
  if (line.length !== FRAME_LENGTH || line[13] !== CR || line[14] !== LF) {
    return { invalid: 'not an A12 frame (15 bytes ending CR LF)' };
  }
  const [hi, lo] = xorNibbles(line.subarray(0, 11));
  if (line[11] !== hi || line[12] !== lo) {
    return {
      invalid: `A12 checksum mismatch: frame says ${ascii(line.subarray(11, 13))}, data gives ${String.fromCharCode(hi, lo)}`,
    };
  }
  const text = ascii(line.subarray(0, 11));
  if (text === `${' '.repeat(9)}OL` || text === `${' '.repeat(9)}LO`) {
    return weightReading(0, { stable: null, overload: true });
  }
  if (text[0] !== 'W' || (text[1] !== 'G' && text[1] !== 'N') || text.slice(9, 11) !== 'kg') {
    return { invalid: 'A12 frame does not start W G/N or does not end in kg' };
  }
  const field = text.slice(2, 9);
  const grams = parseDecimalGrams(field, 3);
  if (grams === null) return { invalid: `A12 weight field is not a number: ${JSON.stringify(field)}` };
  return weightReading(grams, { stable: null, net: text[1] === 'N' });
}

export function createA12Decoder(): LineDecoder<WeightReading> {
  return new LineDecoder({ name: 'A12', maxLine: FRAME_LENGTH, parseLine: parseA12Line });
}

export function decodeA12Frame(frame: Uint8Array) {
  const parsed = parseA12Line(Buffer.from(frame));
  return 'invalid' in parsed ? decodeError(parsed.invalid, frame) : parsed;
}
