import { decodeError } from '../codec.ts';
import { LineDecoder } from './frame-decoder.ts';
import {
  ascii,
  formatScaled,
  gramsToScaled,
  parseDecimalGrams,
  weightReading,
  type WeightReading,
} from './weight.ts';

/**
 * A&D standard format, PROTOCOLS.md §3, 18 bytes:
 * header 1 `ST`/`US`/`OL` (stable, unstable, overload), `,`, header 2
 * `GS`/`NT`/`TR` (gross, net, tare), `,`, 8 characters (sign + 7 including the
 * point), 2-character unit, CR LF: `ST,GS,+0012.34kg`.
 * A `TR` line is a tare readout, not a load, so it decodes to its own message.
 * Units other than `kg` and ` g` are rejected (set the indicator to kg).
 */
export interface AndTareReading {
  type: 'tare';
  grams: number;
}
export type AndMessage = WeightReading | AndTareReading;

const FRAME_LENGTH = 18;
const UNITS: Record<string, number> = { kg: 3, ' g': 0 };

export interface AndEncodeOptions {
  /** Decimals of the kg display, 0–5. */
  decimals: number;
}

export function encodeAnd(message: AndMessage, options: AndEncodeOptions): Uint8Array {
  if (message.type === 'tare') return line('ST', 'TR', weightField(message.grams, options.decimals));
  if (message.overload) return line('OL', message.net ? 'NT' : 'GS', '+9999999');
  const header1 = message.stable === false ? 'US' : 'ST';
  return line(header1, message.net ? 'NT' : 'GS', weightField(message.grams, options.decimals));
}

function weightField(grams: number, decimals: number): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 5) {
    throw new RangeError(`A&D decimals must be 0–5, got ${decimals}`);
  }
  const scaled = gramsToScaled(grams, decimals, 3);
  const magnitude = formatScaled(scaled, decimals).padStart(7, '0');
  if (magnitude.length > 7) throw new RangeError(`${grams} g does not fit the A&D weight field`);
  return (scaled < 0 ? '-' : '+') + magnitude;
}

function line(header1: string, header2: string, field: string): Uint8Array {
  return Buffer.from(`${header1},${header2},${field}kg\r\n`, 'latin1');
}

export function parseAndLine(bytes: Buffer): AndMessage | { invalid: string } {
  if (bytes.length !== FRAME_LENGTH || bytes[16] !== 0x0d || bytes[17] !== 0x0a) {
    return { invalid: 'not an A&D frame (18 bytes ending CR LF)' };
  }
  const text = ascii(bytes.subarray(0, 16));
  const match = /^(ST|US|OL),(GS|NT|TR),(.{8})(.{2})$/.exec(text);
  if (!match) return { invalid: `A&D headers not ST/US/OL,GS/NT/TR: ${JSON.stringify(text)}` };
  const [, header1, header2, field, unit] = match as unknown as [string, string, string, string, string];
  const net = header2 === 'NT';
  // Overload replaces the weight with a fixed pattern; the value means nothing.
  if (header1 === 'OL') return weightReading(0, { stable: null, overload: true, net });
  const exponent = UNITS[unit];
  if (exponent === undefined) return { invalid: `A&D unit ${JSON.stringify(unit)} is not kg or g` };
  const grams = /^[+\- ][ \d.]{7}$/.test(field) ? parseDecimalGrams(field, exponent) : null;
  if (grams === null) return { invalid: `A&D weight field is not a number: ${JSON.stringify(field)}` };
  if (header2 === 'TR') return { type: 'tare', grams };
  return weightReading(grams, { stable: header1 === 'ST', net });
}

export function createAndDecoder(): LineDecoder<AndMessage> {
  return new LineDecoder({ name: 'A&D', maxLine: FRAME_LENGTH, parseLine: parseAndLine });
}

export function decodeAndFrame(frame: Uint8Array) {
  const parsed = parseAndLine(Buffer.from(frame));
  return 'invalid' in parsed ? decodeError(parsed.invalid, frame) : parsed;
}
