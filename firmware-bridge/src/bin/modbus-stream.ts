import { ByteBuffer, decodeError, type DecodeError, type StreamDecoder } from '../codec.ts';
import { hasValidCrc } from './crc16.ts';
import {
  decodeRequestFrame,
  decodeResponseFrame,
  FN_READ_HOLDING,
  MAX_FRAME_LENGTH,
  requestFrameLength,
  responseFrameLength,
  type ModbusRequest,
  type ModbusResponse,
} from './modbus-frames.ts';

/** Length of a frame starting at `offset`, `'more'` if undecided yet, null if none can start there. */
type LengthRule = (view: Uint8Array, offset: number) => number | 'more' | null;

/**
 * Cuts RTU frames out of a byte stream without relying on inter-frame silence
 * (a pty or a USB adapter does not preserve it).
 *
 * How it resynchronises: at each offset the length rule says how long a frame
 * starting there would be (from the function code and, for variable frames,
 * the byte count). A candidate is accepted only when its CRC checks; otherwise
 * that one byte is skipped and the next offset is tried, so garbage of any
 * length before a frame costs one CRC per byte. When a candidate is still
 * incomplete (a long read response arriving in chunks, or garbage that merely
 * looks like one), later offsets are searched for a complete frame with a valid
 * CRC; if one exists the incomplete candidate was garbage. Skipped bytes come
 * out as one `DecodeError` per run. At most one frame's worth of bytes is
 * retained between pushes, so the buffer stays bounded.
 */
export class ModbusFramer {
  private readonly buffer = new ByteBuffer(MAX_FRAME_LENGTH);

  constructor(private rule: LengthRule) {}

  setRule(rule: LengthRule): void {
    this.rule = rule;
  }

  /** Bytes held back waiting for the rest of a frame (never more than one frame). */
  get buffered(): number {
    return this.buffer.length;
  }

  push(chunk: Uint8Array): Array<Uint8Array | DecodeError> {
    const out: Array<Uint8Array | DecodeError> = [];
    this.buffer.append(chunk);
    const view = this.buffer.view;
    let pos = 0;
    let skipFrom = 0;
    let skipReason = 'bytes that form no Modbus frame';
    const flushSkipped = (until: number) => {
      if (until > skipFrom) out.push(decodeError(skipReason, view.subarray(skipFrom, until)));
      skipReason = 'bytes that form no Modbus frame';
    };
    while (pos < view.length) {
      const found = this.tryAt(view, pos);
      if (typeof found === 'number') {
        flushSkipped(pos);
        out.push(Buffer.from(view.subarray(pos, pos + found)));
        pos += found;
        skipFrom = pos;
        continue;
      }
      if (found === 'bad-crc' || found === 'none') {
        if (found === 'bad-crc' && pos === skipFrom)
          skipReason = 'Modbus CRC mismatch (skipped to resynchronise)';
        pos++;
        continue;
      }
      const later = this.completeFrameAfter(view, pos);
      if (later === null) break; // wait for the rest of the candidate at `pos`
      pos = later;
    }
    flushSkipped(pos);
    this.buffer.take(pos);
    return out;
  }

  reset(): void {
    this.buffer.clear();
  }

  private tryAt(view: Uint8Array, offset: number): number | 'wait' | 'bad-crc' | 'none' {
    const length = this.rule(view, offset);
    if (length === null) return 'none';
    if (length === 'more' || offset + length > view.length) return 'wait';
    return hasValidCrc(view, offset, offset + length) ? length : 'bad-crc';
  }

  private completeFrameAfter(view: Uint8Array, offset: number): number | null {
    for (let q = offset + 1; q < view.length; q++) {
      if (typeof this.tryAt(view, q) === 'number') return q;
    }
    return null;
  }
}

/**
 * The master's side: decodes responses. Without an expectation it infers each
 * frame's length from the function code and byte count (a passive capture);
 * with `expect(request)` it accepts only the answer to that request (same
 * unit, same function or its exception, the right byte count), which makes
 * resynchronisation after garbage both faster and safer.
 */
export class ModbusResponseDecoder implements StreamDecoder<ModbusResponse> {
  private readonly framer = new ModbusFramer(responseFrameLength);

  expect(request: ModbusRequest | null): void {
    this.framer.setRule(request ? expectedResponseLength(request) : responseFrameLength);
  }

  get buffered(): number {
    return this.framer.buffered;
  }

  push(chunk: Uint8Array): Array<ModbusResponse | DecodeError> {
    return this.pushFrames(chunk).map((item) => (item.type === 'error' ? item : item.response));
  }

  /** As `push`, keeping each response's bytes (for the health log: re-encoding could differ or throw). */
  pushFrames(
    chunk: Uint8Array,
  ): Array<{ type: 'frame'; response: ModbusResponse; bytes: Uint8Array } | DecodeError> {
    return this.framer.push(chunk).map((item) => {
      if (!(item instanceof Uint8Array)) return item;
      const response = decodeResponseFrame(item);
      return response.type === 'error' ? response : { type: 'frame', response, bytes: item };
    });
  }

  reset(): void {
    this.framer.reset();
  }
}

/** The slave's side (the simulator): decodes requests. */
export class ModbusRequestDecoder implements StreamDecoder<ModbusRequest> {
  private readonly framer = new ModbusFramer(requestFrameLength);

  get buffered(): number {
    return this.framer.buffered;
  }

  push(chunk: Uint8Array): Array<ModbusRequest | DecodeError> {
    return this.framer
      .push(chunk)
      .map((item) => (item instanceof Uint8Array ? decodeRequestFrame(item) : item));
  }

  reset(): void {
    this.framer.reset();
  }
}

function expectedResponseLength(request: ModbusRequest): LengthRule {
  return (view, offset) => {
    if (offset >= view.length) return 'more';
    if (view[offset] !== request.unit) return null;
    if (offset + 1 >= view.length) return 'more';
    const fn = view[offset + 1]!;
    if (fn === (request.fn | 0x80)) return 5;
    if (fn !== request.fn) return null;
    if (fn !== FN_READ_HOLDING) return responseFrameLength(view, offset);
    if (offset + 2 >= view.length) return 'more';
    const count = request.type === 'read-request' ? request.count : 0;
    return view[offset + 2] === count * 2 ? 5 + count * 2 : null;
  };
}
