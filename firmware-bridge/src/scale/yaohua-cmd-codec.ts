import { decodeError } from '../codec.ts';
import { StartByteDecoder, type FrameParse } from './frame-decoder.ts';
import { xorNibbles } from './weight.ts';
import { checkSignedDigits, signedDigits, signedDigitsToGrams } from './yaohua-tf0-codec.ts';

/**
 * Yaohua XK3190 command mode, PROTOCOLS.md §3. Both directions use one frame
 * grammar, so one decoder serves the driver (replies) and the simulator
 * (requests):
 * - 6 bytes `02 addr cmd XH XL 03`: a request, and also the handshake answer
 *   (command A carries no data, so the indicator echoes the frame).
 * - 14 bytes `02 addr cmd sign 6-digits decimals XH XL 03`: a reading.
 *
 * Checksum: XOR of every byte between STX and XH, as two ASCII nibbles
 * (+0x30 if ≤ 9, else +0x37). Worked from the spec's examples: handshake
 * `41 ⊕ 41 = 00` → `30 30`; read gross `41 ⊕ 42 = 03` → `30 33`. A sum does
 * not fit (`41 + 41 = 82`), nor does including STX (`02 ⊕ 41 ⊕ 41 = 02`).
 * For replies the same rule covers addr through the decimals byte; the
 * indicator manuals state it as "XOR = byte 2 ⊕ 3 ⊕ … ⊕ n".
 *
 * Commands: A handshake, B read gross, C read tare, D read net. C *reads* the
 * stored tare (the manuals call it "Read T.W"); there is no tare-taking
 * command in this mode.
 */
export type YaohuaCommandCode = 'A' | 'B' | 'C' | 'D';

/** A 6-byte frame: a request from the host, or the indicator's handshake answer. */
export interface YaohuaShortFrame {
  type: 'command';
  /** Indicator address `A`..`Z` (A = 1). */
  address: string;
  command: YaohuaCommandCode;
}

/** A 14-byte reading: gross (B), tare (C) or net (D), signed integer grams. */
export interface YaohuaReadingFrame {
  type: 'reading';
  address: string;
  command: Exclude<YaohuaCommandCode, 'A'>;
  grams: number;
}

export type YaohuaCommandMessage = YaohuaShortFrame | YaohuaReadingFrame;

const STX = 0x02;
const ETX = 0x03;
const SHORT_LENGTH = 6;
const READING_LENGTH = 14;

export function isYaohuaAddress(address: string): boolean {
  return /^[A-Z]$/.test(address);
}

export function encodeYaohuaCommand(address: string, command: YaohuaCommandCode): Uint8Array {
  if (!isYaohuaAddress(address))
    throw new RangeError(`Yaohua address must be A–Z, got ${JSON.stringify(address)}`);
  return frame(`${address}${command}`);
}

export function encodeYaohuaReading(
  address: string,
  command: Exclude<YaohuaCommandCode, 'A'>,
  grams: number,
  decimals: number,
): Uint8Array {
  if (!isYaohuaAddress(address))
    throw new RangeError(`Yaohua address must be A–Z, got ${JSON.stringify(address)}`);
  const { sign, digits } = signedDigits(grams, decimals, 6);
  return frame(`${address}${command}${sign}${digits}${decimals}`);
}

function frame(text: string): Uint8Array {
  const body = Buffer.from(text, 'latin1');
  return Uint8Array.from([STX, ...body, ...xorNibbles(body), ETX]);
}

const isNibbleChar = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46);

export function parseYaohuaCommand(view: Buffer): FrameParse<YaohuaCommandMessage> {
  const invalid = (reason: string) => ({
    status: 'invalid' as const,
    reason: `XK3190 command mode: ${reason}`,
  });
  const address = view[1];
  if (address !== undefined && (address < 0x41 || address > 0x5a)) return invalid('address is not A–Z');
  const command = view[2];
  if (command !== undefined && (command < 0x41 || command > 0x44)) return invalid('command is not A–D');
  const third = view[3];
  if (third === undefined) return { status: 'incomplete' };
  const isReading = third === 0x2b || third === 0x2d;
  const length = isReading ? READING_LENGTH : SHORT_LENGTH;
  if (isReading) {
    const bad = checkSignedDigits(view, 3);
    if (bad) return invalid(bad);
    if (command === 0x41) return invalid('handshake (A) carries no reading');
  }
  for (let i = length - 3; i < Math.min(view.length, length - 1); i++) {
    if (!isNibbleChar(view[i]!)) return invalid('checksum byte is not an ASCII hex nibble');
  }
  if (view.length < length) return { status: 'incomplete' };
  if (view[length - 1] !== ETX) return invalid(`byte ${length - 1} is not ETX (03)`);
  const [hi, lo] = xorNibbles(view.subarray(1, length - 3));
  if (view[length - 3] !== hi || view[length - 2] !== lo) {
    return invalid(
      `checksum mismatch: frame says ${view.subarray(length - 3, length - 1).toString('latin1')}, data gives ${String.fromCharCode(hi, lo)}`,
    );
  }
  const addressChar = String.fromCharCode(address!);
  const commandChar = String.fromCharCode(command!) as YaohuaCommandCode;
  if (!isReading) {
    return {
      status: 'frame',
      length,
      message: { type: 'command', address: addressChar, command: commandChar },
    };
  }
  const grams = signedDigitsToGrams(view, 3);
  if (grams === null) return invalid('weight out of range');
  return {
    status: 'frame',
    length,
    message: { type: 'reading', address: addressChar, command: commandChar as 'B' | 'C' | 'D', grams },
  };
}

export function createYaohuaCommandDecoder(): StartByteDecoder<YaohuaCommandMessage> {
  return new StartByteDecoder({
    name: 'XK3190 command mode',
    startByte: STX,
    maxFrame: READING_LENGTH,
    parse: parseYaohuaCommand,
  });
}

export function decodeYaohuaCommandFrame(bytes: Uint8Array) {
  const parsed = parseYaohuaCommand(Buffer.from(bytes));
  if (parsed.status === 'frame' && parsed.length === bytes.length) return parsed.message;
  return decodeError(
    parsed.status === 'invalid' ? parsed.reason : 'not a whole XK3190 command-mode frame',
    bytes,
  );
}
