import { ByteBuffer, decodeError, toHex, type DecodeError, type StreamDecoder } from '../codec.ts';
import { MAX_TYPED_CHARS, typedTextToUid, uidToTypedText, type WedgeFormat } from './wedge-format.ts';

/**
 * USB keyboard-wedge RFID reader (PROTOCOLS.md §2): HID boot-keyboard input
 * reports `[modifiers, 00, k1..k6]`. The reader "types" the card number and
 * Enter. Modifiers are ignored (Shift only changes the case of a–f).
 */
export interface WedgeCard {
  type: 'card';
  uid: string;
  /** The characters the reader typed, for the technician. */
  typed: string;
}

export const WEDGE_REPORT_LENGTH = 8;
export const HID_KEY_ENTER = 0x28;
const KEYPAD_ENTER = 0x58;

/** Keyboard-page usages of the characters a reader types; keypad digits too (some readers use them). */
const KEY_CHARS = new Map<number, string>([
  ...Array.from({ length: 9 }, (_, i) => [0x1e + i, String(i + 1)] as const),
  [0x27, '0'],
  ...Array.from({ length: 6 }, (_, i) => [0x04 + i, 'abcdef'[i]!] as const),
  ...Array.from({ length: 9 }, (_, i) => [0x59 + i, String(i + 1)] as const),
  [0x62, '0'],
]);

const CHAR_KEYS = new Map<string, number>([
  ...Array.from({ length: 9 }, (_, i) => [String(i + 1), 0x1e + i] as const),
  ['0', 0x27],
  ...Array.from({ length: 6 }, (_, i) => ['abcdef'[i]!, 0x04 + i] as const),
]);

/** One key-down report per character, each followed by a key-up (all zero) report. */
export function encodeTypedReports(text: string, options: { keysPerReport?: number } = {}): Uint8Array {
  const keysPerReport = options.keysPerReport ?? 1;
  if (!Number.isInteger(keysPerReport) || keysPerReport < 1 || keysPerReport > 6) {
    throw new RangeError(`keysPerReport must be 1–6, got ${keysPerReport}`);
  }
  const keys = Array.from(text.toLowerCase(), (char) => {
    const key = CHAR_KEYS.get(char);
    if (key === undefined) throw new RangeError(`a wedge reader cannot type ${JSON.stringify(char)}`);
    return key;
  });
  keys.push(HID_KEY_ENTER);
  const reports: Uint8Array[] = [];
  for (let i = 0; i < keys.length; i += keysPerReport) {
    const down = new Uint8Array(WEDGE_REPORT_LENGTH);
    down.set(keys.slice(i, i + keysPerReport), 2);
    reports.push(down, new Uint8Array(WEDGE_REPORT_LENGTH));
  }
  return Buffer.concat(reports);
}

/** uid → the reports a reader set to `format` sends for it, Enter included. */
export function encodeWedgeCard(
  uid: string,
  format: WedgeFormat,
  options: { keysPerReport?: number } = {},
): Uint8Array {
  return encodeTypedReports(uidToTypedText(uid, format), options);
}

/**
 * Streaming decoder over input reports. hidraw hands us whole reports; a raw
 * byte stream (`decode --hex`, a pty) is cut into 8-byte reports from its
 * first byte. A window that cannot be a report is taken as misalignment: one
 * byte is skipped and the next offset tried. Readers fill the key slots from
 * k1 without gaps (the boot-keyboard convention), so besides the reserved
 * byte, a key after an empty slot also marks a misaligned window.
 *
 * A key counts when it appears in a report and was not held in the previous
 * one, in slot order: that is how a key-up between two equal digits is seen.
 * Keystrokes carry no frame start, so after more than `MAX_TYPED_CHARS`
 * characters without Enter the text is dropped up to the next Enter.
 */
export class WedgeDecoder implements StreamDecoder<WedgeCard> {
  private readonly buffer = new ByteBuffer(WEDGE_REPORT_LENGTH * 2);
  private held = new Set<number>();
  private typed = '';
  private overflowed = false;

  constructor(readonly format: WedgeFormat) {}

  /** True while a card is half typed or a report half received. */
  get pending(): boolean {
    return this.typed.length > 0 || this.overflowed || this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Array<WedgeCard | DecodeError> {
    const out: Array<WedgeCard | DecodeError> = [];
    this.buffer.append(chunk);
    let skipped: number[] = [];
    const flushSkipped = () => {
      if (skipped.length === 0) return;
      out.push(
        decodeError(
          'not a keyboard report (reserved byte not 00, or a key after an empty slot): skipped to realign',
          Uint8Array.from(skipped),
        ),
      );
      skipped = [];
    };
    while (this.buffer.length >= WEDGE_REPORT_LENGTH) {
      if (!plausibleReport(this.buffer.view)) {
        skipped.push(this.buffer.take(1)[0]!);
        continue;
      }
      flushSkipped();
      this.report(this.buffer.take(WEDGE_REPORT_LENGTH), out);
    }
    flushSkipped();
    return out;
  }

  reset(): void {
    this.buffer.clear();
    this.held = new Set();
    this.typed = '';
    this.overflowed = false;
  }

  private report(report: Buffer, out: Array<WedgeCard | DecodeError>): void {
    const slots = Array.from(report.subarray(2)).filter((key) => key !== 0);
    const unknown: number[] = [];
    for (const key of slots) {
      if (this.held.has(key)) continue;
      if (key === HID_KEY_ENTER || key === KEYPAD_ENTER) {
        this.endOfCard(report, out);
        continue;
      }
      const char = KEY_CHARS.get(key);
      if (char === undefined) {
        unknown.push(key);
        continue;
      }
      if (this.overflowed) continue;
      this.typed += char;
      if (this.typed.length > MAX_TYPED_CHARS) {
        out.push(
          decodeError(
            `more than ${MAX_TYPED_CHARS} characters without Enter (${this.typed}…): ignored up to the next Enter`,
            report,
          ),
        );
        this.typed = '';
        this.overflowed = true;
      }
    }
    this.held = new Set(slots);
    if (unknown.length > 0) {
      const codes = unknown.map((key) => toHex(Uint8Array.of(key))).join(', ');
      out.push(decodeError(`unknown key code ${codes} ignored`, report));
    }
  }

  private endOfCard(report: Buffer, out: Array<WedgeCard | DecodeError>): void {
    const typed = this.typed;
    const overflowed = this.overflowed;
    this.typed = '';
    this.overflowed = false;
    if (overflowed) return; // already reported when the text overflowed
    if (typed === '') {
      out.push(decodeError('Enter without a card number', report));
      return;
    }
    const result = typedTextToUid(typed, this.format);
    out.push(result.ok ? { type: 'card', uid: result.uid, typed } : decodeError(result.reason, report));
  }
}

function plausibleReport(view: Uint8Array): boolean {
  if (view[1] !== 0) return false;
  for (let i = 3; i < WEDGE_REPORT_LENGTH; i++) if (view[i] !== 0 && view[i - 1] === 0) return false;
  return true;
}
