import { type DecodeError, type StreamDecoder, toHex } from '../codec.ts';
import { IdCardFrameDecoder, encodeFrame, frameHead } from './frame.ts';
import { isValidIdNumber } from './id-number.ts';
import { SW3_CARD_FOUND, SW3_OK, sw3, sw3Hex, type Sw3 } from './sw3.ts';
import {
  TEXT_BLOCK_BYTES,
  encodeTextBlock,
  parseTextBlock,
  trimPadding,
  type CardIdentity,
} from './text-block.ts';

/**
 * Reader → host replies (PROTOCOLS.md §1): `00 00 SW3` then data whose shape
 * depends on the command. A reply's shape is recognised from its length and
 * layout alone, so decoding needs no knowledge of what was asked.
 *
 * The photo and fingerprint blocks are skipped here: no decoded message ever
 * holds them (ARCHITECTURE.md "Identity").
 */
export type IdCardReply =
  /** SW only: every failure, and SAM status, reset and baud replies. */
  | { type: 'status'; sw3: Sw3 }
  | { type: 'card-found'; sw3: Sw3 }
  /** The 8 bytes after select are card management data; they identify a card, so they are not kept. */
  | { type: 'card-selected'; sw3: Sw3 }
  | { type: 'identity'; sw3: Sw3; identity: CardIdentity; idNumberValid: boolean; withFingerprint: boolean }
  | { type: 'appended-address'; sw3: Sw3; address: string }
  /** The SAM's 16-byte id as upper-case hex. */
  | { type: 'sam-id'; sw3: Sw3; samId: string };

export type IdCardReplyType = IdCardReply['type'];

const FIND_DATA_BYTES = 4;
const SELECT_DATA_BYTES = 8;
const SAM_ID_BYTES = 16;
export const APPENDED_ADDRESS_BYTES = 70;
export const PHOTO_BYTES = 1024;
export const FINGERPRINT_BYTES = 1024;

// ---- encoders (the simulator's side) ----

export function encodeReply(sw3Byte: number, data: Uint8Array = new Uint8Array()): Buffer {
  const body = Buffer.alloc(3 + data.length);
  body[2] = sw3Byte;
  body.set(data, 3);
  return encodeFrame(body);
}

/** A reply with no data: any failure, SAM status, reset SAM, set baud. */
export const encodeStatusReply = (sw3Byte: number) => encodeReply(sw3Byte);

export const encodeFindReply = () => encodeReply(SW3_CARD_FOUND, new Uint8Array(FIND_DATA_BYTES));

export function encodeSelectReply(management: Uint8Array = new Uint8Array(SELECT_DATA_BYTES)): Buffer {
  if (management.length !== SELECT_DATA_BYTES) throw new RangeError('select data is 8 bytes');
  return encodeReply(SW3_OK, management);
}

export interface ReadReplyOptions {
  /** WLT photo bytes; zeros by default (no simulator has a real photo). */
  photo?: Uint8Array;
  /** Present for the read-with-fingerprint reply. */
  fingerprint?: Uint8Array;
}

/** Read-base reply (1295 bytes), or read-with-fingerprint (2321 bytes) when `fingerprint` is given. */
export function encodeReadReply(identity: CardIdentity | Uint8Array, options: ReadReplyOptions = {}): Buffer {
  const text = identity instanceof Uint8Array ? identity : encodeTextBlock(identity);
  const photo = options.photo ?? new Uint8Array(PHOTO_BYTES);
  const blocks = options.fingerprint ? [text, photo, options.fingerprint] : [text, photo];
  const lengths = Buffer.alloc(blocks.length * 2);
  blocks.forEach((block, i) => lengths.writeUInt16BE(block.length, i * 2));
  return encodeReply(SW3_OK, Buffer.concat([lengths, ...blocks]));
}

export function encodeAppendedAddressReply(address: string): Buffer {
  const data = Buffer.from(' '.repeat(APPENDED_ADDRESS_BYTES / 2), 'utf16le');
  const encoded = Buffer.from(address, 'utf16le');
  if (encoded.length > APPENDED_ADDRESS_BYTES)
    throw new RangeError('an appended address holds 35 characters');
  encoded.copy(data);
  return encodeReply(SW3_OK, data);
}

export function encodeSamIdReply(samId: Uint8Array): Buffer {
  if (samId.length !== SAM_ID_BYTES) throw new RangeError('a SAM id is 16 bytes');
  return encodeReply(SW3_OK, samId);
}

// ---- decoding ----

/** Is the card's number well formed and, where the card type defines one, is its check right? */
export function cardNumberValid(identity: CardIdentity): boolean {
  switch (identity.cardType) {
    case 'resident':
    case 'permit-hmt':
      return isValidIdNumber(identity.idNumber);
    case 'foreign-2023':
      return identity.cardNumber.startsWith('9') && isValidIdNumber(identity.cardNumber);
    case 'foreign-2017':
      // PROTOCOLS.md gives no check for the 2017 number; only its shape is known.
      return /^[A-Z]{3}\d{12}$/.test(identity.cardNumber);
  }
}

function bad(reason: string, body: Uint8Array): DecodeError {
  // Only the header is shown: the rest may be a name or an ID number.
  return { type: 'error', reason, bytes: toHex(frameHead(body)) };
}

/** Interpret a frame body as a reply. */
export function decodeReply(body: Uint8Array): IdCardReply | DecodeError {
  if (body.length < 3) {
    return bad(`a ${body.length}-byte body is a host request, not a reply (which starts SW1 SW2 SW3)`, body);
  }
  if (body[0] !== 0 || body[1] !== 0) return bad('SW1 SW2 of a reply are 00 00', body);
  const status = sw3(body[2]!);
  const data = Buffer.from(body.buffer, body.byteOffset + 3, body.length - 3);
  if (data.length === 0) return { type: 'status', sw3: status };
  if (status.byte === SW3_CARD_FOUND && data.length === FIND_DATA_BYTES) {
    return { type: 'card-found', sw3: status };
  }
  if (status.byte !== SW3_OK) {
    return bad(
      `a reply with SW3 ${sw3Hex(status.byte)} and ${data.length} data bytes matches no command`,
      body,
    );
  }
  switch (data.length) {
    case SELECT_DATA_BYTES:
      return { type: 'card-selected', sw3: status };
    case SAM_ID_BYTES:
      return { type: 'sam-id', sw3: status, samId: toHex(data).replace(/ /g, '') };
    case APPENDED_ADDRESS_BYTES:
      return {
        type: 'appended-address',
        sw3: status,
        address: trimPadding(data.toString('utf16le')),
      };
  }
  return decodeIdentity(status, data, body);
}

/** `TL PL` (base) or `TL PL FL` (with fingerprint), big-endian, then the blocks. */
function decodeIdentity(status: Sw3, data: Buffer, body: Uint8Array): IdCardReply | DecodeError {
  const u16 = (at: number) => (data.length >= at + 2 ? data.readUInt16BE(at) : -1);
  const [textLength, photoLength, fingerprintLength] = [u16(0), u16(2), u16(4)];
  let withFingerprint: boolean;
  if (textLength >= 0 && photoLength >= 0 && data.length === 4 + textLength + photoLength) {
    withFingerprint = false;
  } else if (fingerprintLength >= 0 && data.length === 6 + textLength + photoLength + fingerprintLength) {
    withFingerprint = true;
  } else {
    return bad(`a reply with ${data.length} data bytes matches no command`, body);
  }
  if (textLength !== TEXT_BLOCK_BYTES) {
    return bad(`a text block is ${TEXT_BLOCK_BYTES} bytes, this reply says ${textLength}`, body);
  }
  const textStart = withFingerprint ? 6 : 4;
  const identity = parseTextBlock(data.subarray(textStart, textStart + TEXT_BLOCK_BYTES));
  return {
    type: 'identity',
    sw3: status,
    identity,
    idNumberValid: cardNumberValid(identity),
    withFingerprint,
  };
}

/** Frames → replies; frame errors and replies of no known shape come out as `DecodeError`. */
export class IdCardReplyDecoder implements StreamDecoder<IdCardReply> {
  private readonly frames = new IdCardFrameDecoder();

  push(chunk: Uint8Array): Array<IdCardReply | DecodeError> {
    return this.frames.push(chunk).map((item) => (item.type === 'error' ? item : decodeReply(item.body)));
  }

  reset(): void {
    this.frames.reset();
  }

  get bufferedBytes(): number {
    return this.frames.bufferedBytes;
  }
}
