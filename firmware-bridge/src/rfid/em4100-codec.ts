import { ByteBuffer, decodeError, type DecodeError, type StreamDecoder } from '../codec.ts';

/**
 * EM4100 serial reader (RDM6300 class), PROTOCOLS.md §2: 14-byte frames
 * `02` + 10 ASCII hex (version + 32-bit tag) + 2 ASCII hex XOR checksum + `03`.
 */
export interface CardRead {
  type: 'card';
  /** The 5 data bytes as 10 upper-case hex characters, e.g. `0F0030C2A4`. */
  uid: string;
}

const STX = 0x02;
const ETX = 0x03;
const FRAME_LENGTH = 14;

export function encodeEm4100(uid: string): Uint8Array {
  if (!/^[0-9A-Fa-f]{10}$/.test(uid)) {
    throw new RangeError(`EM4100 uid must be 10 hex characters, got ${JSON.stringify(uid)}`);
  }
  const upper = uid.toUpperCase();
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(upper.slice(i, i + 2), 16);
  const text = upper + xor.toString(16).toUpperCase().padStart(2, '0');
  return Uint8Array.from([STX, ...Buffer.from(text, 'ascii'), ETX]);
}

/** Decode one complete 14-byte frame. */
export function decodeEm4100Frame(frame: Uint8Array): CardRead | DecodeError {
  if (frame.length !== FRAME_LENGTH || frame[0] !== STX || frame[FRAME_LENGTH - 1] !== ETX) {
    return decodeError('not an EM4100 frame (expected 02, 12 ASCII hex characters, 03)', frame);
  }
  const text = Buffer.from(frame.subarray(1, 13)).toString('ascii');
  if (!/^[0-9A-Fa-f]{12}$/.test(text)) {
    return decodeError('EM4100 frame holds non-hex characters', frame);
  }
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(text.slice(i, i + 2), 16);
  const expected = parseInt(text.slice(10, 12), 16);
  if (xor !== expected) {
    return decodeError(
      `EM4100 checksum mismatch: frame says ${text.slice(10, 12).toUpperCase()}, data gives ${xor.toString(16).toUpperCase().padStart(2, '0')}`,
      frame,
    );
  }
  return { type: 'card', uid: text.slice(0, 10).toUpperCase() };
}

/** The 32-bit tag number printed on many cards (the last 8 hex characters). */
export function em4100TagNumber(uid: string): number {
  return parseInt(uid.slice(2), 16);
}

export class Em4100Decoder implements StreamDecoder<CardRead> {
  private readonly buffer = new ByteBuffer(FRAME_LENGTH * 4);

  push(chunk: Uint8Array): Array<CardRead | DecodeError> {
    const out: Array<CardRead | DecodeError> = [];
    this.buffer.append(chunk);
    for (;;) {
      const view = this.buffer.view;
      const start = view.indexOf(STX);
      if (start < 0) {
        if (view.length > 0)
          out.push(decodeError('bytes outside an EM4100 frame', this.buffer.take(view.length)));
        return out;
      }
      if (start > 0)
        out.push(decodeError('bytes before an EM4100 frame start (02)', this.buffer.take(start)));
      if (this.buffer.length < FRAME_LENGTH) return out;
      const candidate = this.buffer.view.subarray(0, FRAME_LENGTH);
      const result = decodeEm4100Frame(candidate);
      if (result.type === 'card') {
        this.buffer.take(FRAME_LENGTH);
        out.push(result);
      } else {
        // Resynchronise: drop this STX and look for the next one.
        out.push(decodeError(result.reason, this.buffer.take(1)));
      }
    }
  }

  reset(): void {
    this.buffer.clear();
  }
}
