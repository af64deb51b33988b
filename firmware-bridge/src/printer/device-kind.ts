import { toHex, type DecodeError, type StreamDecoder } from '../codec.ts';
import type { DeviceKind } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { EscPosParser, type EscPosCommand } from './escpos-parser.ts';
import { combineStatus, statusFromAsb } from './printer-status.ts';
import { EscPosSimulator } from './simulator.ts';
import { PrinterReplyDecoder, type PrinterReply } from './status-decoder.ts';
import type { PrinterStatus, RealtimeRequest } from './status.ts';

type JsonMessage = Record<string, unknown> & { type: string };

const STATUS_FORMATS = ['n1', 'n2', 'n3', 'n4'] as const;
type StatusFormat = (typeof STATUS_FORMATS)[number];

/**
 * Serial settings for a serial-attached printer and its simulator. 9600 8N1
 * is the factory default of most serial receipt printers we meet; a 1 KB
 * receipt then takes about 1 s on the wire, which `jobTimeoutMs` allows for.
 */
export const ESCPOS_SERIAL = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;

/** The decode contract: only the five summary flags, nothing else. */
export function printerStatusJson(status: PrinterStatus): JsonMessage {
  return {
    type: 'printer.status',
    paperOut: status.paperOut,
    paperNearEnd: status.paperNearEnd,
    coverOpen: status.coverOpen,
    offline: status.offline,
    error: status.error,
  };
}

function replyJson(message: PrinterReply | DecodeError): JsonMessage {
  switch (message.type) {
    case 'error':
      return { type: 'error', reason: message.reason, bytes: message.bytes };
    case 'realtime':
      return printerStatusJson(combineStatus([message.status]));
    case 'paper-sensor':
      return printerStatusJson(combineStatus([], message.status));
    case 'asb':
      return printerStatusJson(statusFromAsb(message.status));
  }
}

function requestOf(format: string | undefined): RealtimeRequest {
  const chosen = (format ?? 'n1') as StatusFormat;
  if (!STATUS_FORMATS.includes(chosen)) {
    throw new RangeError(`escpos-status format must be one of ${STATUS_FORMATS.join(', ')}, got ${format}`);
  }
  return Number(chosen.slice(1)) as RealtimeRequest;
}

/**
 * Printer → host bytes, each read as the reply to DLE EOT n (the format).
 * ASB blocks are recognised too. A byte that is no status becomes an error
 * and the next byte decodes afresh.
 */
export const escposStatusKind: DeviceKind = {
  kind: 'escpos-status',
  description: 'ESC/POS printer status bytes (replies to DLE EOT n; format n1..n4 names n)',
  formats: STATUS_FORMATS,
  defaultFormat: 'n1',
  serial: ESCPOS_SERIAL,
  createJsonDecoder(format?: string): StreamDecoder<JsonMessage> {
    const decoder = new PrinterReplyDecoder(requestOf(format));
    return {
      push: (chunk) => decoder.push(chunk).map(replyJson),
      reset: () => decoder.reset(),
    };
  },
};

function commandJson(command: EscPosCommand): JsonMessage {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command)) {
    fields[key] = value instanceof Uint8Array ? toHex(value) : value;
  }
  return { ...fields, type: `escpos.${command.type}` };
}

/**
 * The printer itself: its simulator renders jobs onto paper. Its JSON decoder
 * reads the other direction — a captured print job (host → printer) — as one
 * object per ESC/POS command, which is what a technician wants from a capture.
 */
export const escposPrinterKind: DeviceKind = {
  kind: 'escpos-printer',
  description: 'ESC/POS receipt printer (decode: print-job commands; sim: renders receipts, answers DLE EOT)',
  formats: [],
  serial: ESCPOS_SERIAL,
  createJsonDecoder(): StreamDecoder<JsonMessage> {
    const parser = new EscPosParser();
    return {
      push: (chunk) => parser.push(chunk).map(commandJson),
      reset: () => parser.reset(),
    };
  },
  createSimulator(transport: ByteTransport): EscPosSimulator {
    return new EscPosSimulator(transport);
  },
};
