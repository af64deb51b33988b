/**
 * Shared shapes for every device codec. A codec is pure: bytes in, typed
 * messages out, and back. It never throws on input bytes: anything that forms
 * no frame comes out as a `DecodeError` and the stream resynchronises on the
 * next plausible frame start.
 */
export interface DecodeError {
  type: 'error';
  /** What was wrong, in words a technician can act on. */
  reason: string;
  /** The bytes that were skipped, as spaced upper-case hex. */
  bytes: string;
}

/** A streaming decoder: feed chunks as they arrive, get whole messages out. */
export interface StreamDecoder<M> {
  push(chunk: Uint8Array): Array<M | DecodeError>;
  /** Forget any partial frame (after a timeout or a reconnect). */
  reset(): void;
}

export function decodeError(reason: string, bytes: Uint8Array): DecodeError {
  return { type: 'error', reason, bytes: toHex(bytes) };
}

/** `Uint8Array` → `"02 30 46"`. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** `"02 30 46"` or `"023046"` → bytes; null when it is not hex. */
export function fromHex(text: string): Uint8Array | null {
  const compact = text.replace(/[\s,:]/g, '');
  if (compact.length % 2 !== 0 || /[^0-9a-fA-F]/.test(compact)) return null;
  const out = new Uint8Array(compact.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Accumulates bytes for a streaming decoder, with a hard cap so a device that
 * babbles without frame ends cannot grow memory without bound.
 */
export class ByteBuffer {
  private bytes: Buffer = Buffer.alloc(0);
  constructor(readonly maxBytes: number) {}

  append(chunk: Uint8Array): void {
    this.bytes = this.bytes.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.bytes, chunk]);
  }

  get view(): Buffer {
    return this.bytes;
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Remove and return the first `n` bytes. */
  take(n: number): Buffer {
    const head = this.bytes.subarray(0, n);
    this.bytes = this.bytes.subarray(n);
    return Buffer.from(head);
  }

  clear(): void {
    this.bytes = Buffer.alloc(0);
  }
}
