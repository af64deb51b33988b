import { decodeError, type DecodeError } from '../codec.ts';
import { appendCrc, hasValidCrc } from './crc16.ts';

/**
 * Modbus RTU frames (PROTOCOLS.md §5): `unit fn data CRC_lo CRC_hi`. Only the
 * three functions register map v1 needs are modelled in full: 03 read holding
 * registers, 06 write single register, 16 (0x10) write multiple registers.
 */
export const FN_READ_HOLDING = 0x03;
export const FN_WRITE_SINGLE = 0x06;
export const FN_WRITE_MULTIPLE = 0x10;
export const MAX_READ_COUNT = 125;
export const MAX_WRITE_COUNT = 123;
/** The longest RTU frame the spec allows (address + PDU of 253 + CRC). */
export const MAX_FRAME_LENGTH = 256;

export type ModbusRequest =
  | { type: 'read-request'; unit: number; fn: 0x03; address: number; count: number }
  | { type: 'write-single-request'; unit: number; fn: 0x06; address: number; value: number }
  | { type: 'write-multiple-request'; unit: number; fn: 0x10; address: number; values: number[] }
  /** A function we can frame but do not implement; the slave answers "illegal function". */
  | { type: 'unsupported-request'; unit: number; fn: number; data: number[] };

export type ModbusResponse =
  | { type: 'read-response'; unit: number; fn: 0x03; registers: number[] }
  | { type: 'write-single-response'; unit: number; fn: 0x06; address: number; value: number }
  | { type: 'write-multiple-response'; unit: number; fn: 0x10; address: number; count: number }
  | ModbusException;

export interface ModbusException {
  type: 'exception';
  unit: number;
  /** The function that failed, without the 0x80 flag. */
  fn: number;
  code: number;
  name: ExceptionName;
}

const EXCEPTION_NAMES = {
  1: 'illegal-function',
  2: 'illegal-address',
  3: 'illegal-value',
  4: 'device-failure',
  5: 'acknowledge',
  6: 'busy',
} as const;

export type ExceptionCode = keyof typeof EXCEPTION_NAMES;
export type ExceptionName = (typeof EXCEPTION_NAMES)[ExceptionCode] | 'unknown';

export function exceptionName(code: number): ExceptionName {
  return code in EXCEPTION_NAMES ? EXCEPTION_NAMES[code as ExceptionCode] : 'unknown';
}

export function exception(unit: number, fn: number, code: ExceptionCode): ModbusException {
  return { type: 'exception', unit, fn, code, name: EXCEPTION_NAMES[code] };
}

// ---- encoding (throws RangeError on values no caller should pass: a bug, not input) ----

export function encodeRequest(request: ModbusRequest): Uint8Array {
  checkRange('unit', request.unit, 0, 247);
  switch (request.type) {
    case 'read-request':
      checkWord('address', request.address);
      checkRange('count', request.count, 1, MAX_READ_COUNT);
      return appendCrc(
        Uint8Array.from([request.unit, request.fn, ...word(request.address), ...word(request.count)]),
      );
    case 'write-single-request':
      checkWord('address', request.address);
      checkWord('value', request.value);
      return appendCrc(
        Uint8Array.from([request.unit, request.fn, ...word(request.address), ...word(request.value)]),
      );
    case 'write-multiple-request': {
      const { values } = request;
      checkWord('address', request.address);
      checkRange('register count', values.length, 1, MAX_WRITE_COUNT);
      values.forEach((value) => checkWord('value', value));
      const head = [
        request.unit,
        request.fn,
        ...word(request.address),
        ...word(values.length),
        values.length * 2,
      ];
      return appendCrc(Uint8Array.from([...head, ...values.flatMap(word)]));
    }
    case 'unsupported-request':
      checkRange('function', request.fn, 1, 0x7f);
      request.data.forEach((b) => checkRange('data byte', b, 0, 255));
      return appendCrc(Uint8Array.from([request.unit, request.fn, ...request.data]));
  }
}

export function encodeResponse(response: ModbusResponse): Uint8Array {
  checkRange('unit', response.unit, 0, 247);
  switch (response.type) {
    case 'read-response':
      checkRange('register count', response.registers.length, 1, MAX_READ_COUNT);
      response.registers.forEach((value) => checkWord('register', value));
      return appendCrc(
        Uint8Array.from([
          response.unit,
          response.fn,
          response.registers.length * 2,
          ...response.registers.flatMap(word),
        ]),
      );
    case 'write-single-response':
      checkWord('address', response.address);
      checkWord('value', response.value);
      return appendCrc(
        Uint8Array.from([response.unit, response.fn, ...word(response.address), ...word(response.value)]),
      );
    case 'write-multiple-response':
      checkWord('address', response.address);
      checkRange('count', response.count, 1, MAX_WRITE_COUNT);
      return appendCrc(
        Uint8Array.from([response.unit, response.fn, ...word(response.address), ...word(response.count)]),
      );
    case 'exception':
      checkRange('function', response.fn, 1, 0x7f);
      checkRange('exception code', response.code, 0, 255);
      return appendCrc(Uint8Array.from([response.unit, response.fn | 0x80, response.code]));
  }
}

// ---- frame lengths, for the streaming framer (see modbus-stream.ts) ----

/**
 * Length of the request that would start at `offset`: a number, `'more'` when
 * the bytes that decide it have not arrived yet, or null when no request we
 * know can start there.
 */
export function requestFrameLength(view: Uint8Array, offset: number): number | 'more' | null {
  if (offset >= view.length) return 'more';
  if (view[offset]! > 247) return null;
  if (offset + 1 >= view.length) return 'more';
  const fn = view[offset + 1]!;
  if (fn >= 1 && fn <= 6) return 8; // all fixed: address + count/value
  if (fn !== 15 && fn !== FN_WRITE_MULTIPLE) return null;
  if (offset + 6 >= view.length) return 'more';
  const byteCount = view[offset + 6]!;
  if (fn === FN_WRITE_MULTIPLE && (byteCount % 2 !== 0 || byteCount > MAX_WRITE_COUNT * 2)) return null;
  return 9 + byteCount;
}

/** As `requestFrameLength`, for the responses of the three modelled functions and exceptions. */
export function responseFrameLength(view: Uint8Array, offset: number): number | 'more' | null {
  if (offset >= view.length) return 'more';
  const unit = view[offset]!;
  if (unit < 1 || unit > 247) return null; // nobody answers a broadcast
  if (offset + 1 >= view.length) return 'more';
  const fn = view[offset + 1]!;
  if (fn > 0x80) return 5;
  if (fn === FN_WRITE_SINGLE || fn === FN_WRITE_MULTIPLE) return 8;
  if (fn !== FN_READ_HOLDING) return null;
  if (offset + 2 >= view.length) return 'more';
  const byteCount = view[offset + 2]!;
  if (byteCount === 0 || byteCount % 2 !== 0 || byteCount > MAX_READ_COUNT * 2) return null;
  return 5 + byteCount;
}

// ---- decoding one complete frame (CRC included) ----

export function decodeRequestFrame(frame: Uint8Array): ModbusRequest | DecodeError {
  if (requestFrameLength(frame, 0) !== frame.length) return decodeError('not a Modbus request frame', frame);
  if (!hasValidCrc(frame)) return decodeError('Modbus CRC mismatch', frame);
  const unit = frame[0]!;
  const fn = frame[1]!;
  switch (fn) {
    case FN_READ_HOLDING:
      return { type: 'read-request', unit, fn, address: readWord(frame, 2), count: readWord(frame, 4) };
    case FN_WRITE_SINGLE:
      return {
        type: 'write-single-request',
        unit,
        fn,
        address: readWord(frame, 2),
        value: readWord(frame, 4),
      };
    case FN_WRITE_MULTIPLE: {
      const count = readWord(frame, 4);
      const byteCount = frame[6]!;
      if (byteCount !== count * 2) {
        return decodeError(
          `write-multiple byte count ${byteCount} disagrees with register count ${count}`,
          frame,
        );
      }
      const values = Array.from({ length: count }, (_, i) => readWord(frame, 7 + i * 2));
      return { type: 'write-multiple-request', unit, fn, address: readWord(frame, 2), values };
    }
    default:
      return { type: 'unsupported-request', unit, fn, data: Array.from(frame.subarray(2, frame.length - 2)) };
  }
}

export function decodeResponseFrame(frame: Uint8Array): ModbusResponse | DecodeError {
  if (responseFrameLength(frame, 0) !== frame.length)
    return decodeError('not a Modbus response frame', frame);
  if (!hasValidCrc(frame)) return decodeError('Modbus CRC mismatch', frame);
  const unit = frame[0]!;
  const fn = frame[1]!;
  if (fn > 0x80) {
    const code = frame[2]!;
    return { type: 'exception', unit, fn: fn & 0x7f, code, name: exceptionName(code) };
  }
  switch (fn) {
    case FN_READ_HOLDING: {
      const registers = Array.from({ length: frame[2]! / 2 }, (_, i) => readWord(frame, 3 + i * 2));
      return { type: 'read-response', unit, fn, registers };
    }
    case FN_WRITE_SINGLE:
      return {
        type: 'write-single-response',
        unit,
        fn,
        address: readWord(frame, 2),
        value: readWord(frame, 4),
      };
    case FN_WRITE_MULTIPLE: {
      const count = readWord(frame, 4);
      return { type: 'write-multiple-response', unit, fn, address: readWord(frame, 2), count };
    }
    default:
      return decodeError(`unexpected Modbus function ${fn}`, frame);
  }
}

function word(value: number): [number, number] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function readWord(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function checkWord(what: string, value: number): void {
  checkRange(what, value, 0, 0xffff);
}

function checkRange(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Modbus ${what} must be an integer in ${min}..${max}, got ${value}`);
  }
}
