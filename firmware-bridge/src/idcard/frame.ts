import { ByteBuffer, toHex, type DecodeError, type StreamDecoder } from '../codec.ts';

/**
 * The reader's frame, both directions (PROTOCOLS.md §1):
 * `AA AA AA 96 69 | LEN_H LEN_L | body | CHK`, where LEN counts every byte
 * after itself (body and CHK) and CHK is the XOR of LEN_H … last body byte.
 */
export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
const HEADER_BYTES = PREAMBLE.length + 2;
/** The largest frame: the read-with-fingerprint reply. */
export const MAX_FRAME_BYTES = 2321;
const MAX_LEN = MAX_FRAME_BYTES - HEADER_BYTES;
/** The smallest frame is a request: CMD PARA CHK. */
const MIN_LEN = 3;
/**
 * Skipped bytes shown in a decode error. Frames carry names and ID numbers,
 * so an error never echoes more than a header's worth of what it dropped.
 */
const SHOWN_BYTES = 8;

/** One intact frame: the bytes between LEN and CHK. */
export interface RawFrame {
  type: 'frame';
  body: Buffer;
}

export function encodeFrame(body: Uint8Array): Buffer {
  const len = body.length + 1;
  if (len > MAX_LEN)
    throw new RangeError(`frame body of ${body.length} bytes exceeds the ${MAX_FRAME_BYTES}-byte frame`);
  const frame = Buffer.alloc(HEADER_BYTES + len);
  PREAMBLE.copy(frame, 0);
  frame.writeUInt16BE(len, PREAMBLE.length);
  frame.set(body, HEADER_BYTES);
  frame[frame.length - 1] = xor(frame, PREAMBLE.length, frame.length - 1);
  return frame;
}

/** Preamble, LEN and the first three body bytes (SW1 SW2 SW3 of a reply): safe to log. */
export function frameHead(body: Uint8Array): Buffer {
  return encodeFrame(body).subarray(0, HEADER_BYTES + Math.min(3, body.length));
}

function xor(bytes: Uint8Array, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value ^= bytes[i]!;
  return value;
}

function skipped(reason: string, bytes: Uint8Array): DecodeError {
  const shown = toHex(bytes.subarray(0, SHOWN_BYTES));
  return {
    type: 'error',
    reason: `${reason} (${bytes.length} byte${bytes.length === 1 ? '' : 's'} skipped)`,
    bytes: bytes.length > SHOWN_BYTES ? `${shown} …` : shown,
  };
}

/** How many bytes at the end of `view` could be the start of a preamble. */
function partialPreambleAtEnd(view: Buffer): number {
  for (let keep = Math.min(PREAMBLE.length - 1, view.length); keep > 0; keep--) {
    if (view.subarray(view.length - keep).equals(PREAMBLE.subarray(0, keep))) return keep;
  }
  return 0;
}

/**
 * Splits a byte stream into frames. Garbage before a preamble, an impossible
 * LEN and a checksum mismatch each come out as a `DecodeError`, and decoding
 * resumes at the next preamble. LEN is capped at the largest frame, so the
 * buffer never holds more than one frame in progress plus the last chunk.
 */
export class IdCardFrameDecoder implements StreamDecoder<RawFrame> {
  private readonly buffer = new ByteBuffer(MAX_FRAME_BYTES);

  push(chunk: Uint8Array): Array<RawFrame | DecodeError> {
    const out: Array<RawFrame | DecodeError> = [];
    this.buffer.append(chunk);
    for (;;) {
      const view = this.buffer.view;
      const start = view.indexOf(PREAMBLE);
      if (start < 0) {
        const garbage = view.length - partialPreambleAtEnd(view);
        if (garbage > 0) out.push(skipped('bytes outside a frame', this.buffer.take(garbage)));
        return out;
      }
      if (start > 0) out.push(skipped('bytes before a frame preamble', this.buffer.take(start)));
      if (this.buffer.length < HEADER_BYTES) return out;
      const len = this.buffer.view.readUInt16BE(PREAMBLE.length);
      if (len < MIN_LEN || len > MAX_LEN) {
        // A preamble inside garbage: drop its first byte and look again.
        out.push(skipped(`impossible frame length ${len}`, this.buffer.take(1)));
        continue;
      }
      const total = HEADER_BYTES + len;
      if (this.buffer.length < total) return out;
      const candidate = this.buffer.view.subarray(0, total);
      const expected = xor(candidate, PREAMBLE.length, total - 1);
      if (expected !== candidate[total - 1]) {
        // Drop the damaged frame, but not past a preamble inside it: that one
        // may start a real frame and this "frame" may be garbage.
        const next = candidate.indexOf(PREAMBLE, 1);
        const reason = `checksum mismatch: frame says ${hex(candidate[total - 1]!)}, bytes give ${hex(expected)}`;
        out.push(skipped(reason, this.buffer.take(next > 0 ? next : total)));
        continue;
      }
      const frame = this.buffer.take(total);
      out.push({ type: 'frame', body: frame.subarray(HEADER_BYTES, total - 1) });
    }
  }

  reset(): void {
    this.buffer.clear();
  }

  /** Bytes held for a frame in progress (tests check it stays bounded). */
  get bufferedBytes(): number {
    return this.buffer.length;
  }
}

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');
