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
/** Left and right Shift: the only modifiers a reader holds (for upper-case a–f). */
const SHIFT_MODIFIERS = 0x02 | 0x20;
/**
 * In-step windows in a row shaped like a key-down report read two bytes late,
 * with no key in between, after which the decoder takes itself to be out of
 * step. A reader holding Right Shift (0x20, also the usage of `3`) between
 * two letters sends at most two such windows in a row.
 */
const LATE_KEY_LIMIT = 3;
/** Skipped bytes are reported at the latest once this many have piled up. */
const MAX_SKIPPED_BYTES = 64;

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
 * first byte. While in step, a window is taken as a report unless it cannot
 * be one: reserved byte not 00, or a key after an empty slot (readers fill
 * the key slots from k1 without gaps, the boot-keyboard convention).
 *
 * Such a window means the decoder is out of step. Skipping one byte and
 * taking the next plausible window is not enough: a key-down report
 * `00 00 KK 00 00 00 00 00` read two bytes late is `KK 00 00 00 00 00 00 00`,
 * plausible as "modifier KK, no key", and so is every later window; no key
 * would ever decode again. So out of step the decoder skips byte by byte up
 * to a window only a reader's key-down report fits (Shift or no modifier,
 * reserved 00, keys from k1 without gaps, each one a key a reader types):
 * no window of a stream of reports is one unless it starts a report (or
 * precedes a modifier-only report whose modifier is such a key). And in step,
 * `LATE_KEY_LIMIT` windows in a row of the read-late shape, with no key in
 * between, cannot come from a reader: the decoder falls out of step then too.
 *
 * Whenever keystrokes may have been lost that way (a skipped byte or a
 * read-late window holds a key a reader types), the card text is dropped up
 * to the next Enter, so a card with a missing digit is never read as another
 * card number. Skipped zero bytes (key-up reports) are dropped silently.
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
  /** Text is being dropped up to the next Enter (already reported). */
  private dropping = false;
  /** False after a window that cannot be a report: skipping to a key-down report. */
  private inStep = true;
  /** Read-late-shaped windows (`KK 00 00 00 00 00 00 00`) since the last key. */
  private lateKeyWindows = 0;
  /**
   * Bytes skipped while out of step, reported together once back in step (a
   * bad report from hidraw arrives whole but is skipped over two pushes).
   */
  private skipped: number[] = [];
  /** Whether a skipped byte is a key a reader types. */
  private skippedKeys = false;

  constructor(readonly format: WedgeFormat) {}

  /** True while a card is half typed or a report half received. */
  get pending(): boolean {
    return this.typed.length > 0 || this.dropping || this.buffer.length > 0;
  }

  push(chunk: Uint8Array): Array<WedgeCard | DecodeError> {
    const out: Array<WedgeCard | DecodeError> = [];
    this.buffer.append(chunk);
    while (this.buffer.length >= WEDGE_REPORT_LENGTH) {
      const view = this.buffer.view;
      if (this.inStep ? !plausibleReport(view) : !keyDownReport(view)) {
        this.inStep = false;
        const byte = this.buffer.take(1)[0]!;
        this.skipped.push(byte);
        if (isReaderKey(byte)) {
          this.skippedKeys = true;
          this.dropText();
        }
        if (this.skipped.length >= MAX_SKIPPED_BYTES) this.flushSkipped(out);
        continue;
      }
      this.flushSkipped(out);
      if (!this.inStep) {
        // Back in step: whatever was held before the skipped bytes is unknown.
        this.inStep = true;
        this.held = new Set();
        this.lateKeyWindows = 0;
      }
      const report = this.buffer.take(WEDGE_REPORT_LENGTH);
      if (readLateShape(report)) this.lateKeyWindows++;
      else if (report.subarray(2).some((key) => key !== 0)) this.lateKeyWindows = 0;
      if (this.lateKeyWindows >= LATE_KEY_LIMIT) {
        this.inStep = false;
        this.lateKeyWindows = 0;
        this.held = new Set();
        this.dropText();
        out.push(
          decodeError(
            `${LATE_KEY_LIMIT} reports in a row with a typed key as the modifier and no key: key-down reports read out of step; skipping to the next key-down report, card text dropped up to the next Enter`,
            report,
          ),
        );
        continue;
      }
      this.report(report, out);
    }
    return out;
  }

  reset(): void {
    this.buffer.clear();
    this.held = new Set();
    this.typed = '';
    this.dropping = false;
    this.inStep = true;
    this.lateKeyWindows = 0;
    this.skipped = [];
    this.skippedKeys = false;
  }

  /** One error for the bytes skipped while out of step; none when they were all zero (key-ups). */
  private flushSkipped(out: Array<WedgeCard | DecodeError>): void {
    if (this.skipped.some((byte) => byte !== 0)) {
      const dropped = this.skippedKeys
        ? '; a keystroke may be among them: card text dropped up to the next Enter'
        : '';
      out.push(
        decodeError(
          `not in step with the keyboard reports (reserved byte not 00, or a key after an empty slot): skipped to the next key-down report${dropped}`,
          Uint8Array.from(this.skipped),
        ),
      );
    }
    this.skipped = [];
    this.skippedKeys = false;
  }

  /** Keystrokes may have been lost: drop the text so far and any up to the next Enter. */
  private dropText(): void {
    this.typed = '';
    this.dropping = true;
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
      if (this.dropping) continue;
      this.typed += char;
      if (this.typed.length > MAX_TYPED_CHARS) {
        out.push(
          decodeError(
            `more than ${MAX_TYPED_CHARS} characters without Enter (${this.typed}…): ignored up to the next Enter`,
            report,
          ),
        );
        this.typed = '';
        this.dropping = true;
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
    const dropping = this.dropping;
    this.typed = '';
    this.dropping = false;
    if (dropping) return; // already reported when the text was dropped
    if (typed === '') {
      out.push(decodeError('Enter without a card number', report));
      return;
    }
    const result = typedTextToUid(typed, this.format);
    out.push(result.ok ? { type: 'card', uid: result.uid, typed } : decodeError(result.reason, report));
  }
}

/** Reserved byte 00 and keys from k1 without gaps: a window that can be a report. */
function plausibleReport(view: Uint8Array): boolean {
  if (view[1] !== 0) return false;
  for (let i = 3; i < WEDGE_REPORT_LENGTH; i++) if (view[i] !== 0 && view[i - 1] === 0) return false;
  return true;
}

/**
 * A report only a reader sends on a key press: Shift or no modifier, and a
 * plausible report whose keys, at least one, are all keys a reader types.
 */
function keyDownReport(view: Uint8Array): boolean {
  if ((view[0]! & ~SHIFT_MODIFIERS) !== 0 || view[2] === 0 || !plausibleReport(view)) return false;
  for (let i = 2; i < WEDGE_REPORT_LENGTH; i++) if (view[i] !== 0 && !isReaderKey(view[i]!)) return false;
  return true;
}

/** `KK 00 00 00 00 00 00 00` with KK a key a reader types: a key-down report read two bytes late. */
function readLateShape(view: Uint8Array): boolean {
  return isReaderKey(view[0]!) && view.subarray(1, WEDGE_REPORT_LENGTH).every((byte) => byte === 0);
}

function isReaderKey(code: number): boolean {
  return KEY_CHARS.has(code) || code === HID_KEY_ENTER || code === KEYPAD_ENTER;
}
