import { decodeError } from '../codec.ts';
import { StartByteDecoder, type FrameParse } from './frame-decoder.ts';
import {
  gramsToScaled,
  isDigit,
  scaledToGrams,
  UNIT_EXPONENT,
  weightReading,
  type WeightReading,
} from './weight.ts';

/**
 * Mettler-Toledo continuous output, PROTOCOLS.md §3, 18 bytes:
 * `STX SWA SWB SWC` + 6 weight digits + 6 tare digits + `CR` + CHK, where
 * CHK = (−sum of the first 17 bytes) & 0x7F.
 * - SWA: bits 0–2 decimal-point code (exponent 2 − code), bits 3–4 increment, bit 5 = 1.
 * - SWB: bit 0 net, 1 negative, 2 out of range, 3 motion, 4 kg (else lb), bit 5 = 1.
 * - SWC: bits 0–2 unit override (0 = SWB's kg/lb, 1 = g, 2 = t; the rest are
 *   non-metric), bit 3 print request, bit 4 ×10, bit 5 = 1.
 * The tare digits are checked but not reported: the uniform reading carries
 * the displayed weight and whether it is net.
 */
const STX = 0x02;
const CR = 0x0d;
const FRAME_LENGTH = 18;

export interface ToledoEncodeOptions {
  /** Decimals of the kg display, 0–5 (decimal-point code = decimals + 2). */
  decimals: number;
  motion?: boolean;
  overload?: boolean;
  net?: boolean;
  tareGrams?: number;
  /** Display increment 1, 2 or 5 (SWA bits 3–4). */
  increment?: 1 | 2 | 5;
}

export function toledoChecksum(first17: Uint8Array): number {
  let sum = 0;
  for (const b of first17) sum += b;
  return -sum & 0x7f;
}

export function encodeToledo(grams: number, options: ToledoEncodeOptions): Uint8Array {
  const { decimals } = options;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 5) {
    throw new RangeError(`Toledo decimals must be 0–5, got ${decimals}`);
  }
  const incrementBits = { 1: 1, 2: 2, 5: 3 }[options.increment ?? 1];
  const swa = 0x20 | (incrementBits << 3) | (decimals + 2);
  const scaled = gramsToScaled(grams, decimals, 3);
  const swb =
    0x30 |
    (options.net ? 0x01 : 0) |
    (scaled < 0 ? 0x02 : 0) |
    (options.overload ? 0x04 : 0) |
    (options.motion ? 0x08 : 0);
  const weight = sixDigits(Math.abs(scaled), 'weight');
  const tare = sixDigits(Math.abs(gramsToScaled(options.tareGrams ?? 0, decimals, 3)), 'tare');
  const first17 = Uint8Array.from([STX, swa, swb, 0x20, ...Buffer.from(weight + tare, 'latin1'), CR]);
  return Uint8Array.from([...first17, toledoChecksum(first17)]);
}

function sixDigits(value: number, what: string): string {
  const digits = String(value).padStart(6, '0');
  if (digits.length > 6) throw new RangeError(`Toledo ${what} ${value} does not fit 6 digits`);
  return digits;
}

/** Status bytes have bit 5 set and bit 7 clear. */
const isStatus = (b: number) => (b & 0xa0) === 0x20;
/** Leading blanks are allowed in the digit fields (leading-zero blanking). */
const isDigitOrBlank = (b: number) => isDigit(b) || b === 0x20;

export function parseToledo(view: Buffer): FrameParse<WeightReading> {
  const invalid = (reason: string) => ({ status: 'invalid' as const, reason: `Toledo: ${reason}` });
  const present = Math.min(view.length, FRAME_LENGTH);
  for (let i = 1; i < present; i++) {
    const b = view[i]!;
    if (i <= 3 && !isStatus(b)) return invalid(`status byte ${i} does not have bit 5 set`);
    if (i >= 4 && i <= 15 && !isDigitOrBlank(b)) return invalid(`byte ${i} is not a digit`);
    if (i === 16 && b !== CR) return invalid('byte 16 is not CR');
    if (i === 17 && b > 0x7f) return invalid('checksum has bit 7 set');
  }
  if (view.length < FRAME_LENGTH) return { status: 'incomplete' };
  const expected = toledoChecksum(view.subarray(0, 17));
  if (view[17] !== expected) {
    return invalid(`checksum mismatch: frame says ${hex(view[17]!)}, data gives ${hex(expected)}`);
  }
  const [swa, swb, swc] = [view[1]!, view[2]!, view[3]!];
  const exponent = unitExponent(swb, swc);
  if (typeof exponent === 'string')
    return { status: 'rejected', length: FRAME_LENGTH, reason: `Toledo: ${exponent}` };
  const weightText = view.subarray(4, 10).toString('latin1').trim();
  if (!/^\d*$/.test(weightText)) return invalid('blank inside the weight digits');
  const digits = weightText === '' ? 0 : Number(weightText);
  const grams = scaledToGrams(digits, (swa & 0x07) - 2, exponent, (swb & 0x02) !== 0);
  if (grams === null) return invalid('weight out of range');
  return {
    status: 'frame',
    length: FRAME_LENGTH,
    message: weightReading(grams, {
      stable: (swb & 0x08) === 0,
      overload: (swb & 0x04) !== 0,
      net: (swb & 0x01) !== 0,
    }),
  };
}

/** Grams per unit as a power of ten, or why the unit is not one we convert. */
function unitExponent(swb: number, swc: number): number | string {
  const override = swc & 0x07;
  if (override === 1) return UNIT_EXPONENT.g;
  if (override === 2) return UNIT_EXPONENT.t;
  if (override !== 0) return `unit override ${override} is not a metric unit; set the terminal to kg`;
  return (swb & 0x10) !== 0 ? UNIT_EXPONENT.kg : 'unit is lb; set the terminal to kg';
}

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

export function createToledoDecoder(): StartByteDecoder<WeightReading> {
  return new StartByteDecoder({ name: 'Toledo', startByte: STX, maxFrame: FRAME_LENGTH, parse: parseToledo });
}

export function decodeToledoFrame(frame: Uint8Array) {
  const parsed = parseToledo(Buffer.from(frame));
  if (parsed.status === 'frame' && parsed.length === frame.length) return parsed.message;
  return decodeError(
    parsed.status === 'invalid' || parsed.status === 'rejected' ? parsed.reason : 'not a whole Toledo frame',
    frame,
  );
}
