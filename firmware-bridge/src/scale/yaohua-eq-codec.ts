import { decodeError } from '../codec.ts';
import { StartByteDecoder, type FrameParse } from './frame-decoder.ts';
import {
  formatScaled,
  gramsToScaled,
  isDigit,
  parseDecimalGrams,
  weightReading,
  type WeightReading,
} from './weight.ts';
import type { YaohuaEncodeOptions } from './yaohua-tf0-codec.ts';

/**
 * Yaohua `=` formats, PROTOCOLS.md §3, 9 bytes, kg, no checksum, no stability:
 * - `tf1`: `=` + 7 display characters least significant first + sign (`0`/`-`):
 *   3.000 → `=000.3000`, −1.00 → `=00.1000-`.
 * - `tf2`: `=` + sign + 7 display characters most significant first: `=0003.000`.
 * With no checksum, only the character classes guard against line noise.
 */
export type EqFormat = 'tf1' | 'tf2';

const START = 0x3d; // '='
const FRAME_LENGTH = 9;
const POINT = 0x2e;
const MINUS = 0x2d;

export function encodeEq(format: EqFormat, grams: number, options: YaohuaEncodeOptions): Uint8Array {
  const { decimals } = options;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4) {
    throw new RangeError(`Yaohua decimals must be 0–4, got ${decimals}`);
  }
  const scaled = gramsToScaled(grams, decimals, 3);
  const display = formatScaled(scaled, decimals).padStart(7, '0');
  if (display.length > 7) throw new RangeError(`${grams} g does not fit 7 display characters`);
  const sign = scaled < 0 ? '-' : '0';
  const body = format === 'tf1' ? [...display].reverse().join('') + sign : sign + display;
  return Uint8Array.from(Buffer.from(`=${body}`, 'latin1'));
}

/** Index of the sign character and of the display characters inside a frame. */
function layout(format: EqFormat): { sign: number; display: number } {
  return format === 'tf1' ? { sign: 8, display: 1 } : { sign: 1, display: 2 };
}

export function parseEq(format: EqFormat, view: Buffer): FrameParse<WeightReading> {
  const { sign, display } = layout(format);
  const name = `XK3190 ${format}`;
  const present = Math.min(view.length, FRAME_LENGTH);
  let points = 0;
  for (let i = 1; i < present; i++) {
    const b = view[i]!;
    if (i === sign) {
      if (b !== 0x30 && b !== MINUS) return { status: 'invalid', reason: `${name}: sign is not 0 or -` };
    } else if (b === POINT) {
      if (++points > 1) return { status: 'invalid', reason: `${name}: more than one decimal point` };
    } else if (!isDigit(b)) {
      return { status: 'invalid', reason: `${name}: display character is not 0–9 or .` };
    }
  }
  if (view.length < FRAME_LENGTH) return { status: 'incomplete' };
  const chars = view.subarray(display, display + 7).toString('latin1');
  const text = format === 'tf1' ? [...chars].reverse().join('') : chars;
  if (text.startsWith('.') || text.endsWith('.')) {
    return { status: 'invalid', reason: `${name}: decimal point at the edge of the display` };
  }
  const grams = parseDecimalGrams(text, 3);
  if (grams === null) return { status: 'invalid', reason: `${name}: display is not a number` };
  const signed = view[sign] === MINUS && grams !== 0 ? -grams : grams;
  return { status: 'frame', length: FRAME_LENGTH, message: weightReading(signed, { stable: null }) };
}

export function createEqDecoder(format: EqFormat): StartByteDecoder<WeightReading> {
  return new StartByteDecoder({
    name: `XK3190 ${format}`,
    startByte: START,
    maxFrame: FRAME_LENGTH,
    parse: (view) => parseEq(format, view),
  });
}

export function decodeEqFrame(format: EqFormat, frame: Uint8Array) {
  const parsed = parseEq(format, Buffer.from(frame));
  if (parsed.status === 'frame' && parsed.length === frame.length) return parsed.message;
  return decodeError(
    parsed.status === 'invalid' ? parsed.reason : `not a whole XK3190 ${format} frame`,
    frame,
  );
}
