import { ByteBuffer, decodeError, type DecodeError, type StreamDecoder } from '../codec.ts';

/**
 * Two reusable streaming decoders for scale formats: frames that begin with a
 * start byte (STX, `=`), and frames that end with LF. Each reports the raw
 * bytes of every good frame so a driver can show them on the device page.
 */
export interface DecodedFrame<M> {
  type: 'frame';
  message: M;
  bytes: Buffer;
}

export interface FrameDecoder<M> extends StreamDecoder<M> {
  /** Like `push`, but good frames come with their bytes. */
  pushFrames(chunk: Uint8Array): Array<DecodedFrame<M> | DecodeError>;
  /** Bytes held back waiting for the rest of a frame (bounded by the frame size). */
  readonly buffered: number;
}

/** What a parser says about bytes that begin with a start byte. */
export type FrameParse<M> =
  | { status: 'incomplete' }
  | { status: 'frame'; length: number; message: M }
  /** A well-formed frame we cannot use (e.g. a unit we do not convert): consumed whole. */
  | { status: 'rejected'; length: number; reason: string }
  | { status: 'invalid'; reason: string };

abstract class BaseDecoder<M> implements FrameDecoder<M> {
  protected readonly buffer: ByteBuffer;
  constructor(maxBytes: number) {
    this.buffer = new ByteBuffer(maxBytes);
  }

  abstract pushFrames(chunk: Uint8Array): Array<DecodedFrame<M> | DecodeError>;

  push(chunk: Uint8Array): Array<M | DecodeError> {
    return this.pushFrames(chunk).map((out) => (out.type === 'frame' ? out.message : out));
  }

  reset(): void {
    this.buffer.clear();
  }

  get buffered(): number {
    return this.buffer.length;
  }
}

export interface StartByteFormat<M> {
  /** Format name for error messages, e.g. `XK3190 tf0`. */
  name: string;
  startByte: number;
  /** Longest frame; a candidate this long that is still incomplete is invalid. */
  maxFrame: number;
  /** Called with bytes that begin with the start byte; should reject a bad prefix early. */
  parse(view: Buffer): FrameParse<M>;
}

/**
 * Resynchronises by dropping a rejected start byte and everything up to the
 * next one. Parsers reject bad prefixes before the frame is complete, so a
 * torn frame never swallows the good frame behind it.
 */
export class StartByteDecoder<M> extends BaseDecoder<M> {
  constructor(private readonly format: StartByteFormat<M>) {
    super(format.maxFrame);
  }

  pushFrames(chunk: Uint8Array): Array<DecodedFrame<M> | DecodeError> {
    const { name, startByte, maxFrame } = this.format;
    const out: Array<DecodedFrame<M> | DecodeError> = [];
    this.buffer.append(chunk);
    while (this.buffer.length > 0) {
      const start = this.buffer.view.indexOf(startByte);
      if (start < 0) {
        out.push(decodeError(`bytes outside a ${name} frame`, this.buffer.take(this.buffer.length)));
        break;
      }
      if (start > 0) out.push(decodeError(`bytes before a ${name} frame start`, this.buffer.take(start)));
      const parsed = this.format.parse(this.buffer.view);
      if (parsed.status === 'incomplete' && this.buffer.length < maxFrame) break;
      if (parsed.status === 'frame') {
        out.push({ type: 'frame', message: parsed.message, bytes: this.buffer.take(parsed.length) });
        continue;
      }
      if (parsed.status === 'rejected') {
        out.push(decodeError(parsed.reason, this.buffer.take(parsed.length)));
        continue;
      }
      const reason = parsed.status === 'invalid' ? parsed.reason : `${name} frame too long`;
      const next = this.buffer.view.indexOf(startByte, 1);
      out.push(decodeError(reason, this.buffer.take(next < 0 ? this.buffer.length : next)));
    }
    return out;
  }
}

export interface LineFormat<M> {
  name: string;
  /** Longest valid line including CR LF. */
  maxLine: number;
  /** A whole line including its LF: the message, or why it is not one. */
  parseLine(line: Buffer): M | { invalid: string };
}

/**
 * LF-terminated frames. When a line does not parse, the longest valid tail is
 * tried too: garbage before a frame has no terminator of its own and would
 * otherwise glue itself to the front of the next good line.
 */
export class LineDecoder<M> extends BaseDecoder<M> {
  constructor(private readonly format: LineFormat<M>) {
    super(format.maxLine);
  }

  pushFrames(chunk: Uint8Array): Array<DecodedFrame<M> | DecodeError> {
    const { name, maxLine } = this.format;
    const out: Array<DecodedFrame<M> | DecodeError> = [];
    this.buffer.append(chunk);
    for (;;) {
      const end = this.buffer.view.indexOf(0x0a);
      if (end < 0) break;
      let line = this.buffer.take(end + 1);
      if (line.length > maxLine) {
        out.push(decodeError(`${name} line too long`, line.subarray(0, line.length - maxLine)));
        line = line.subarray(line.length - maxLine);
      }
      out.push(...this.parseWithResync(line));
    }
    if (this.buffer.length >= maxLine) {
      // Keep what could still be the start of a frame; drop the rest.
      out.push(
        decodeError(
          `${name}: no line end within ${maxLine} bytes`,
          this.buffer.take(this.buffer.length - maxLine + 1),
        ),
      );
    }
    return out;
  }

  private parseWithResync(line: Buffer): Array<DecodedFrame<M> | DecodeError> {
    const whole = this.format.parseLine(line);
    if (!isInvalid(whole)) return [{ type: 'frame', message: whole, bytes: Buffer.from(line) }];
    for (let skip = 1; skip < line.length - 1; skip++) {
      const tail = this.format.parseLine(line.subarray(skip));
      if (!isInvalid(tail)) {
        return [
          decodeError(`bytes before a ${this.format.name} frame`, line.subarray(0, skip)),
          { type: 'frame', message: tail, bytes: Buffer.from(line.subarray(skip)) },
        ];
      }
    }
    return [decodeError(whole.invalid, line)];
  }
}

function isInvalid<M>(value: M | { invalid: string }): value is { invalid: string } {
  return typeof value === 'object' && value !== null && 'invalid' in value;
}
