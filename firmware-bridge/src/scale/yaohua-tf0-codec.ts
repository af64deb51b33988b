import { decodeError } from '../codec.ts';
import { StartByteDecoder, type FrameParse } from './frame-decoder.ts';
import {
  gramsToScaled,
  isDigit,
  scaledToGrams,
  weightReading,
  xorNibbles,
  type WeightReading,
} from './weight.ts';

/**
 * Yaohua XK3190 continuous format `tf0` (A9+, A23P, A26), PROTOCOLS.md §3:
 * `02 | sign | 6 digits | decimals 0–4 | XH XL | 03`, XOR over bytes 1–8 sent
 * as two ASCII nibbles. Always kg; no stability flag, so `stable` is null.
 */
const STX = 0x02;
const ETX = 0x03;
const FRAME_LENGTH = 12;

export interface YaohuaEncodeOptions {
  /** Display decimals in kg, 0–4 (2 → 10 g resolution). */
  decimals: number;
}

export function encodeTf0(grams: number, options: YaohuaEncodeOptions): Uint8Array {
  const { sign, digits, decimals } = signedDigits(grams, options.decimals, 6);
  const body = Buffer.from(`${sign}${digits}${decimals}`, 'latin1');
  return Uint8Array.from([STX, ...body, ...xorNibbles(body), ETX]);
}

/** Shared with command mode: sign char, zero-padded digits, decimals digit. */
export function signedDigits(
  grams: number,
  decimals: number,
  width: number,
): { sign: '+' | '-'; digits: string; decimals: number } {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 4) {
    throw new RangeError(`Yaohua decimals must be 0–4, got ${decimals}`);
  }
  const scaled = gramsToScaled(grams, decimals, 3);
  const digits = String(Math.abs(scaled)).padStart(width, '0');
  if (digits.length > width) {
    throw new RangeError(`${grams} g does not fit ${width} digits at ${decimals} decimals`);
  }
  return { sign: scaled < 0 ? '-' : '+', digits, decimals };
}

/** Check sign, digits and decimals at bytes `from…` (as far as present). */
export function checkSignedDigits(view: Buffer, from: number): string | null {
  const sign = view[from];
  if (sign !== undefined && sign !== 0x2b && sign !== 0x2d) return 'sign is not + or -';
  for (let i = from + 1; i < Math.min(view.length, from + 7); i++) {
    if (!isDigit(view[i])) return 'weight digit is not 0–9';
  }
  const decimals = view[from + 7];
  if (decimals !== undefined && (decimals < 0x30 || decimals > 0x34)) return 'decimals byte is not 0–4';
  return null;
}

/** Grams from a checked sign + 6 digits + decimals field. */
export function signedDigitsToGrams(view: Buffer, from: number): number | null {
  const digits = Number(view.subarray(from + 1, from + 7).toString('latin1'));
  return scaledToGrams(digits, view[from + 7]! - 0x30, 3, view[from] === 0x2d);
}

export function parseTf0(view: Buffer): FrameParse<WeightReading> {
  const bad = checkSignedDigits(view, 1);
  if (bad) return { status: 'invalid', reason: `XK3190 tf0: ${bad}` };
  if (view.length < FRAME_LENGTH) return { status: 'incomplete' };
  if (view[11] !== ETX) return { status: 'invalid', reason: 'XK3190 tf0: byte 11 is not ETX (03)' };
  const [hi, lo] = xorNibbles(view.subarray(1, 9));
  if (view[9] !== hi || view[10] !== lo) {
    return {
      status: 'invalid',
      reason: `XK3190 tf0 checksum mismatch: frame says ${view.subarray(9, 11).toString('latin1')}, data gives ${String.fromCharCode(hi, lo)}`,
    };
  }
  const grams = signedDigitsToGrams(view, 1);
  if (grams === null) return { status: 'invalid', reason: 'XK3190 tf0: weight out of range' };
  return { status: 'frame', length: FRAME_LENGTH, message: weightReading(grams, { stable: null }) };
}

export function createTf0Decoder(): StartByteDecoder<WeightReading> {
  return new StartByteDecoder({
    name: 'XK3190 tf0',
    startByte: STX,
    maxFrame: FRAME_LENGTH,
    parse: parseTf0,
  });
}

/** Decode exactly one frame (for tests and one-shot tools). */
export function decodeTf0Frame(frame: Uint8Array) {
  const parsed = parseTf0(Buffer.from(frame));
  if (parsed.status === 'frame' && parsed.length === frame.length) return parsed.message;
  return decodeError(parsed.status === 'invalid' ? parsed.reason : 'not a whole XK3190 tf0 frame', frame);
}
