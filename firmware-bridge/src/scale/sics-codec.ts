import { decodeError } from '../codec.ts';
import { LineDecoder } from './frame-decoder.ts';
import {
  ascii,
  formatScaled,
  gramsToScaled,
  parseDecimalGrams,
  UNIT_EXPONENT,
  weightReading,
  type WeightReading,
} from './weight.ts';

/**
 * MT-SICS level 0, PROTOCOLS.md §3: text commands and replies ending CR LF.
 * - `S` / `SI` → `S S <weight> <unit>` stable, `S D …` dynamic, `S +` / `S -`
 *   over/underload, `S I` busy (no stable value could be given).
 * - `Z` → `Z A` zeroed; `Z I` busy, `Z +` / `Z -` outside the zero range.
 * - `ES` syntax error, `ET` transmission error, `EL` logical error.
 * The weight field is right-aligned in 10 characters, as the manuals print
 * `S S     100.00 g`.
 */
export type SicsCommand = 'S' | 'SI' | 'Z';

export interface SicsOutOfRange {
  type: 'out-of-range';
  direction: 'over' | 'under';
}
export interface SicsBusy {
  type: 'busy';
}
export interface SicsZeroReply {
  type: 'zero';
  result: 'done' | 'busy' | 'over' | 'under';
}
export interface SicsCommandError {
  type: 'command-error';
  code: 'ES' | 'ET' | 'EL';
}
/** Weight replies have `stable` true (`S S`) or false (`S D`); never overload or net. */
export type SicsReply = WeightReading | SicsOutOfRange | SicsBusy | SicsZeroReply | SicsCommandError;

const MAX_LINE = 64;
const ZERO_RESULTS = { A: 'done', I: 'busy', '+': 'over', '-': 'under' } as const;

export function encodeSicsCommand(command: SicsCommand): Uint8Array {
  return Buffer.from(`${command}\r\n`, 'latin1');
}

/** The commands a simulator understands; anything else earns `ES`. */
export function parseSicsCommand(line: string): SicsCommand | null {
  const text = line.trim();
  return text === 'S' || text === 'SI' || text === 'Z' ? text : null;
}

export interface SicsEncodeOptions {
  /** Decimals of the kg value, 0–5. */
  decimals: number;
}

export function encodeSicsReply(reply: SicsReply, options: SicsEncodeOptions): Uint8Array {
  return Buffer.from(`${sicsReplyText(reply, options)}\r\n`, 'latin1');
}

function sicsReplyText(reply: SicsReply, { decimals }: SicsEncodeOptions): string {
  switch (reply.type) {
    case 'weight': {
      if (!Number.isInteger(decimals) || decimals < 0 || decimals > 5) {
        throw new RangeError(`SICS decimals must be 0–5, got ${decimals}`);
      }
      const scaled = gramsToScaled(reply.grams, decimals, 3);
      const value = (scaled < 0 ? '-' : '') + formatScaled(scaled, decimals);
      return `S ${reply.stable === false ? 'D' : 'S'} ${value.padStart(10)} kg`;
    }
    case 'out-of-range':
      return reply.direction === 'over' ? 'S +' : 'S -';
    case 'busy':
      return 'S I';
    case 'zero':
      return `Z ${{ done: 'A', busy: 'I', over: '+', under: '-' }[reply.result]}`;
    case 'command-error':
      return reply.code;
  }
}

export function parseSicsLine(line: Buffer): SicsReply | { invalid: string } {
  if (line.length < 3 || line[line.length - 2] !== 0x0d) return { invalid: 'SICS line does not end CR LF' };
  const text = ascii(line.subarray(0, line.length - 2));
  if (text === 'ES' || text === 'ET' || text === 'EL') return { type: 'command-error', code: text };
  if (text === 'S I') return { type: 'busy' };
  if (text === 'S +' || text === 'S -')
    return { type: 'out-of-range', direction: text === 'S +' ? 'over' : 'under' };
  const zero = /^Z ([AI+-])$/.exec(text);
  if (zero) return { type: 'zero', result: ZERO_RESULTS[zero[1] as keyof typeof ZERO_RESULTS] };
  const weight = /^S ([SD]) +(-?\d+(?:\.\d+)?) +(\S+)$/.exec(text);
  if (!weight) return { invalid: `not a SICS reply: ${JSON.stringify(text)}` };
  const unit = weight[3]!;
  if (!(unit in UNIT_EXPONENT))
    return { invalid: `SICS unit ${unit} is not metric; set the balance to kg or g` };
  const grams = parseDecimalGrams(weight[2]!, UNIT_EXPONENT[unit as keyof typeof UNIT_EXPONENT]);
  if (grams === null) return { invalid: 'SICS weight out of range' };
  return weightReading(grams, { stable: weight[1] === 'S' });
}

export function createSicsReplyDecoder(): LineDecoder<SicsReply> {
  return new LineDecoder({ name: 'SICS', maxLine: MAX_LINE, parseLine: parseSicsLine });
}

export function decodeSicsLine(bytes: Uint8Array) {
  const parsed = parseSicsLine(Buffer.from(bytes));
  return 'invalid' in parsed ? decodeError(parsed.invalid, bytes) : parsed;
}
