/**
 * What a keyboard-wedge reader's typed text means (PROTOCOLS.md §2). Decimal
 * vs hex and byte order are reader settings, so each device has a `format`:
 *
 * | format        | typed text                | uid                                   |
 * |---------------|---------------------------|---------------------------------------|
 * | `decimal`     | `0013110988`              | `0000C80ECC` (13110988 = 0xC80ECC)    |
 * | `decimal-lsb` | `0473670148`              | `0004A23B1C` (0x1C3BA204 reversed)    |
 * | `hex`         | `04a23b1c`                | `04A23B1C`                            |
 * | `hex-lsb`     | `1c3ba204`                | `04A23B1C`                            |
 *
 * Decimal: the typed digits are one unsigned number. Up to 10 digits it is a
 * 32-bit number (4 bytes), 11–13 digits a 40-bit one (5 bytes); the width
 * comes from the digit count because that is the reader setting ("10 digits"
 * readers print the 32-bit tag number). `lsb` reverses those 4 or 5 bytes
 * (readers that print a Mifare UID as a little-endian integer). The uid is
 * the bytes as hex, left-padded with `00` to 10 characters, the same width as
 * an EM4100 uid.
 *
 * Hex: the typed characters are the uid bytes (2–20 characters, even count);
 * `lsb` reverses the bytes. Letter case is ignored; the uid is upper case.
 */
export const WEDGE_FORMATS = ['decimal', 'decimal-lsb', 'hex', 'hex-lsb'] as const;
export type WedgeFormat = (typeof WEDGE_FORMATS)[number];

export interface WedgeFormatSpec {
  digits: 'decimal' | 'hex';
  byteOrder: 'msb' | 'lsb';
}

export function isWedgeFormat(name: string): name is WedgeFormat {
  return (WEDGE_FORMATS as readonly string[]).includes(name);
}

export function wedgeFormatSpec(format: WedgeFormat): WedgeFormatSpec {
  switch (format) {
    case 'decimal':
      return { digits: 'decimal', byteOrder: 'msb' };
    case 'decimal-lsb':
      return { digits: 'decimal', byteOrder: 'lsb' };
    case 'hex':
      return { digits: 'hex', byteOrder: 'msb' };
    case 'hex-lsb':
      return { digits: 'hex', byteOrder: 'lsb' };
    default: {
      const unreachable: never = format;
      throw new Error(`unknown wedge format ${String(unreachable)}`);
    }
  }
}

/** Longest text a reader types for one card; longer means a stuck or foreign keyboard. */
export const MAX_TYPED_CHARS = 20;
const UID_DECIMAL_HEX_CHARS = 10;

export type TypedTextResult = { ok: true; uid: string } | { ok: false; reason: string };

/** Typed card text (without Enter) → uid, or why it is not a card number in this format. */
export function typedTextToUid(text: string, format: WedgeFormat): TypedTextResult {
  const spec = wedgeFormatSpec(format);
  if (spec.digits === 'decimal') {
    if (!/^[0-9]{1,13}$/.test(text)) {
      return { ok: false, reason: `${JSON.stringify(text)} is not 1–13 decimal digits (format ${format})` };
    }
    const width = text.length <= 10 ? 4 : 5;
    const value = BigInt(text);
    if (value >= 1n << BigInt(width * 8)) {
      return {
        ok: false,
        reason: `${text} does not fit in ${width * 8} bits (${text.length} digits; format ${format})`,
      };
    }
    const bytes = bigintToBytes(value, width);
    if (spec.byteOrder === 'lsb') bytes.reverse();
    return { ok: true, uid: bytesToHex(bytes).padStart(UID_DECIMAL_HEX_CHARS, '0') };
  }
  if (!/^[0-9A-Fa-f]{2,20}$/.test(text) || text.length % 2 !== 0) {
    return {
      ok: false,
      reason: `${JSON.stringify(text)} is not an even count (2–20) of hex characters (format ${format})`,
    };
  }
  const bytes = Buffer.from(text, 'hex');
  if (spec.byteOrder === 'lsb') bytes.reverse();
  return { ok: true, uid: bytesToHex(bytes) };
}

/**
 * uid → the text a reader with this format types for it (lower-case hex, as a
 * reader typing without Shift does). Throws RangeError for a uid the format
 * cannot produce: this is the simulator's input, a programming error.
 */
export function uidToTypedText(uid: string, format: WedgeFormat): string {
  const spec = wedgeFormatSpec(format);
  if (spec.digits === 'hex') {
    if (!/^(?:[0-9A-Fa-f]{2}){1,10}$/.test(uid)) {
      throw new RangeError(
        `wedge hex uid must be 2–20 hex characters, even count, got ${JSON.stringify(uid)}`,
      );
    }
    const bytes = Buffer.from(uid, 'hex');
    if (spec.byteOrder === 'lsb') bytes.reverse();
    return bytesToHex(bytes).toLowerCase();
  }
  if (!/^[0-9A-Fa-f]{10}$/.test(uid)) {
    throw new RangeError(`wedge decimal uid must be 10 hex characters, got ${JSON.stringify(uid)}`);
  }
  const bytes = Buffer.from(uid, 'hex');
  // A uid whose top byte is 00 came from a 32-bit (10-digit) number; others need 13 digits.
  const narrow = bytes[0] === 0;
  const numberBytes = narrow ? bytes.subarray(1) : bytes;
  if (spec.byteOrder === 'lsb') numberBytes.reverse();
  const value = BigInt(`0x${bytesToHex(numberBytes)}`);
  return value.toString(10).padStart(narrow ? 10 : 13, '0');
}

function bigintToBytes(value: bigint, width: number): Buffer {
  return Buffer.from(value.toString(16).padStart(width * 2, '0'), 'hex');
}

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}
