import { decodeError, type DecodeError } from '../codec.ts';

/**
 * ESC/POS printer status bytes (PROTOCOLS.md §4). Each status reply has fixed
 * bits that say which command it answers (Citizen/Epson "identification of
 * send status"): DLE EOT `0xx1xx10`, ASB first byte `0xx1xx00`, GS r and ASB
 * bytes 2–4 `0xx0xxxx`. A byte whose fixed bits are wrong is an error, never
 * a status, so line noise cannot report a healthy printer.
 */
export type RealtimeRequest = 1 | 2 | 3 | 4;
/** What a single status byte answers: DLE EOT n, or GS r 1 (paper sensor). */
export type StatusQuery = RealtimeRequest | 'paper-sensor';

export type RealtimeStatus =
  | {
      request: 1;
      drawerHigh: boolean;
      offline: boolean;
      waitingForRecovery: boolean;
      feedButtonPressed: boolean;
    }
  | { request: 2; coverOpen: boolean; feedingByButton: boolean; stoppedAtPaperEnd: boolean; error: boolean }
  | {
      request: 3;
      recoverableError: boolean;
      autocutterError: boolean;
      unrecoverableError: boolean;
      autoRecoverableError: boolean;
    }
  | { request: 4; paperNearEnd: boolean; paperOut: boolean };

export interface PaperSensorStatus {
  paperNearEnd: boolean;
  paperOut: boolean;
}

/** Automatic status back: a 4-byte block the printer sends unasked after `GS a n`. */
export interface AsbStatus {
  drawerHigh: boolean;
  offline: boolean;
  coverOpen: boolean;
  feedButtonPressed: boolean;
  recoverableError: boolean;
  autocutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
}

/** The combined view a driver acts on. */
export interface PrinterStatus {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  offline: boolean;
  error: boolean;
  detail: {
    cutterError: boolean;
    recoverableError: boolean;
    unrecoverableError: boolean;
    autoRecoverableError: boolean;
    waitingForRecovery: boolean;
    feedButtonPressed: boolean;
    drawerHigh: boolean;
  };
}

export const REALTIME_FIXED_MASK = 0x93;
export const REALTIME_FIXED_BITS = 0x12;
export const ASB_FIRST_FIXED_BITS = 0x10;
/** Bits 4 and 7 are zero in GS r replies and ASB bytes 2–4. */
export const ZERO_4_7_MASK = 0x90;

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;
const set = (on: boolean, mask: number) => (on ? mask : 0);

export function encodeStatusRequest(n: RealtimeRequest): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

export const PAPER_SENSOR_REQUEST = Uint8Array.of(0x1d, 0x72, 0x01);

export function isRealtimeReplyByte(byte: number): boolean {
  return (byte & REALTIME_FIXED_MASK) === REALTIME_FIXED_BITS;
}

export function isAsbFirstByte(byte: number): boolean {
  return (byte & REALTIME_FIXED_MASK) === ASB_FIRST_FIXED_BITS;
}

export function decodeRealtimeStatus(request: RealtimeRequest, byte: number): RealtimeStatus | DecodeError {
  if (!isRealtimeReplyByte(byte)) {
    return decodeError(
      `not a reply to DLE EOT ${request}: bits 1 and 4 must be 1 and bits 0 and 7 must be 0`,
      Uint8Array.of(byte),
    );
  }
  switch (request) {
    case 1:
      return {
        request,
        drawerHigh: bit(byte, 2),
        offline: bit(byte, 3),
        waitingForRecovery: bit(byte, 5),
        feedButtonPressed: bit(byte, 6),
      };
    case 2:
      return {
        request,
        coverOpen: bit(byte, 2),
        feedingByButton: bit(byte, 3),
        stoppedAtPaperEnd: bit(byte, 5),
        error: bit(byte, 6),
      };
    case 3:
      return {
        request,
        recoverableError: bit(byte, 2),
        autocutterError: bit(byte, 3),
        unrecoverableError: bit(byte, 5),
        autoRecoverableError: bit(byte, 6),
      };
    case 4:
      // Either bit of a sensor pair counts: printers set both, but one is enough to act on.
      return { request, paperNearEnd: (byte & 0x0c) !== 0, paperOut: (byte & 0x60) !== 0 };
  }
}

export function encodeRealtimeStatus(status: RealtimeStatus): number {
  switch (status.request) {
    case 1:
      return (
        REALTIME_FIXED_BITS |
        set(status.drawerHigh, 0x04) |
        set(status.offline, 0x08) |
        set(status.waitingForRecovery, 0x20) |
        set(status.feedButtonPressed, 0x40)
      );
    case 2:
      return (
        REALTIME_FIXED_BITS |
        set(status.coverOpen, 0x04) |
        set(status.feedingByButton, 0x08) |
        set(status.stoppedAtPaperEnd, 0x20) |
        set(status.error, 0x40)
      );
    case 3:
      return (
        REALTIME_FIXED_BITS |
        set(status.recoverableError, 0x04) |
        set(status.autocutterError, 0x08) |
        set(status.unrecoverableError, 0x20) |
        set(status.autoRecoverableError, 0x40)
      );
    case 4:
      return REALTIME_FIXED_BITS | set(status.paperNearEnd, 0x0c) | set(status.paperOut, 0x60);
  }
}

/** `GS r 1` reply: bits 0–1 near end (`03`), bits 2–3 paper end (`0C`). */
export function decodePaperSensor(byte: number): PaperSensorStatus | DecodeError {
  if ((byte & ZERO_4_7_MASK) !== 0) {
    return decodeError('not a reply to GS r 1: bits 4 and 7 must be 0', Uint8Array.of(byte));
  }
  return { paperNearEnd: (byte & 0x03) !== 0, paperOut: (byte & 0x0c) !== 0 };
}

export function encodePaperSensor(status: PaperSensorStatus): number {
  return set(status.paperNearEnd, 0x03) | set(status.paperOut, 0x0c);
}

/** Four ASB bytes; byte 2 carries the error bits at the positions DLE EOT 3 uses. */
export function decodeAsb(block: Uint8Array): AsbStatus | DecodeError {
  const [first = 0, second = 0, third = 0, fourth = 0] = block;
  if (
    block.length !== 4 ||
    !isAsbFirstByte(first) ||
    [second, third, fourth].some((b) => (b & ZERO_4_7_MASK) !== 0)
  ) {
    return decodeError('not an automatic status block (0xx1xx00 then three 0xx0xxxx bytes)', block);
  }
  return {
    drawerHigh: bit(first, 2),
    offline: bit(first, 3),
    coverOpen: bit(first, 5),
    feedButtonPressed: bit(first, 6),
    recoverableError: bit(second, 2),
    autocutterError: bit(second, 3),
    unrecoverableError: bit(second, 5),
    autoRecoverableError: bit(second, 6),
    paperNearEnd: (third & 0x03) !== 0,
    paperOut: (third & 0x0c) !== 0,
  };
}

export function encodeAsb(status: AsbStatus): Uint8Array {
  return Uint8Array.of(
    ASB_FIRST_FIXED_BITS |
      set(status.drawerHigh, 0x04) |
      set(status.offline, 0x08) |
      set(status.coverOpen, 0x20) |
      set(status.feedButtonPressed, 0x40),
    set(status.recoverableError, 0x04) |
      set(status.autocutterError, 0x08) |
      set(status.unrecoverableError, 0x20) |
      set(status.autoRecoverableError, 0x40),
    encodePaperSensor(status),
    0x00,
  );
}
