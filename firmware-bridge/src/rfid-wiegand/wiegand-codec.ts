import { ByteBuffer, decodeError, type DecodeError, type StreamDecoder } from '../codec.ts';
import {
  checkWiegand26Card,
  parseWiegandUid,
  wiegand26Data,
  wiegandUid,
  type Wiegand26Card,
} from './wiegand26.ts';

/**
 * Wiegand-26 to serial converters (PROTOCOLS.md §2), 9600 8N1, output only.
 * The converter checks the parity bits itself and prints only the 24 data
 * bits (facility × 65536 + card number):
 *
 * - `hex6`: 6 upper-case hex characters + CR.
 *   facility 123, card 4567 → `7B11D7\r` = 37 42 31 31 44 37 0D
 * - `dec10`: the same 24-bit number in decimal, zero-padded to 10 digits, + CR LF.
 *   facility 123, card 4567 → 8065495 → `0008065495\r\n`
 *
 * The uid we report is the 24 bits as 6 hex characters in both formats, so a
 * card has one uid whichever converter reads it.
 */
export const WIEGAND_FORMATS = ['hex6', 'dec10'] as const;
export type WiegandFormat = (typeof WIEGAND_FORMATS)[number];

export function isWiegandFormat(name: string): name is WiegandFormat {
  return (WIEGAND_FORMATS as readonly string[]).includes(name);
}

export interface WiegandCardRead extends Wiegand26Card {
  type: 'card';
  /** The 24 data bits as 6 upper-case hex characters, e.g. `7B11D7`. */
  uid: string;
}

const CR = 0x0d;
const LF = 0x0a;
/** Longest run without a line end we keep; beyond it the head is dropped as garbage. */
const MAX_LINE = 64;

interface FormatRule {
  frameChars: number;
  isFrameChar(byte: number): boolean;
  terminator: string;
  describe: string;
}

const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHexDigit = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);

function rule(format: WiegandFormat): FormatRule {
  switch (format) {
    case 'hex6':
      return { frameChars: 6, isFrameChar: isHexDigit, terminator: '\r', describe: '6 hex characters + CR' };
    case 'dec10':
      return {
        frameChars: 10,
        isFrameChar: isDigit,
        terminator: '\r\n',
        describe: '10 decimal digits + CR LF',
      };
    default: {
      const unreachable: never = format;
      throw new Error(`unknown Wiegand format ${String(unreachable)}`);
    }
  }
}

/** Facility + card → the converter's line. Throws RangeError on out-of-range input. */
export function encodeWiegandLine(card: Wiegand26Card, format: WiegandFormat): Uint8Array {
  const problem = checkWiegand26Card(card);
  if (problem) throw new RangeError(problem);
  const data = wiegand26Data(card);
  const text = format === 'hex6' ? wiegandUid(card) : String(data).padStart(10, '0');
  return Buffer.from(text + rule(format).terminator, 'ascii');
}

/** 6-hex uid → the converter's line. Throws RangeError when the uid is not 6 hex characters. */
export function encodeWiegandUidLine(uid: string, format: WiegandFormat): Uint8Array {
  const card = parseWiegandUid(uid);
  if (!card) throw new RangeError(`Wiegand-26 uid must be 6 hex characters, got ${JSON.stringify(uid)}`);
  return encodeWiegandLine(card, format);
}

/**
 * Streaming decoder. A line ends at CR or LF (either; an empty line, such as
 * the LF of CR LF, is skipped). Before the line end we look for exactly one
 * frame's worth of frame characters: anything before them is reported as
 * garbage and the frame still decodes; a longer or shorter run is an error.
 */
export class WiegandDecoder implements StreamDecoder<WiegandCardRead> {
  private readonly buffer = new ByteBuffer(MAX_LINE);
  private readonly rule: FormatRule;

  constructor(readonly format: WiegandFormat) {
    this.rule = rule(format);
  }

  /** True while part of a line is buffered. */
  get pending(): boolean {
    return this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Array<WiegandCardRead | DecodeError> {
    const out: Array<WiegandCardRead | DecodeError> = [];
    this.buffer.append(chunk);
    for (;;) {
      const view = this.buffer.view;
      const end = view.findIndex((b) => b === CR || b === LF);
      if (end < 0) break;
      const line = this.buffer.take(end);
      this.buffer.take(1);
      if (line.length > 0) this.line(line, out);
    }
    if (this.buffer.length > MAX_LINE) {
      // Keep what could still be the start of a frame.
      const drop = this.buffer.length - this.rule.frameChars;
      out.push(decodeError(`no line end within ${MAX_LINE} bytes`, this.buffer.take(drop)));
    }
    return out;
  }

  reset(): void {
    this.buffer.clear();
  }

  private line(line: Buffer, out: Array<WiegandCardRead | DecodeError>): void {
    let start = line.length;
    while (start > 0 && this.rule.isFrameChar(line[start - 1]!)) start--;
    const run = line.length - start;
    if (run !== this.rule.frameChars) {
      out.push(decodeError(`not a Wiegand-26 ${this.format} line (expected ${this.rule.describe})`, line));
      return;
    }
    if (start > 0)
      out.push(decodeError(`bytes before a Wiegand-26 ${this.format} line`, line.subarray(0, start)));
    const text = line.subarray(start).toString('ascii');
    const data = this.format === 'hex6' ? parseInt(text, 16) : Number(text);
    if (data > 0xffffff) {
      out.push(decodeError(`${text} does not fit in the 24 data bits of Wiegand-26`, line));
      return;
    }
    const card = { facility: Math.floor(data / 0x10000), card: data % 0x10000 };
    out.push({ type: 'card', uid: wiegandUid(card), ...card });
  }
}
