import { decodeError, type DecodeError, type StreamDecoder } from '../codec.ts';
import {
  ZERO_4_7_MASK,
  decodeAsb,
  decodePaperSensor,
  decodeRealtimeStatus,
  isAsbFirstByte,
  type AsbStatus,
  type PaperSensorStatus,
  type RealtimeStatus,
  type StatusQuery,
} from './status.ts';

export type PrinterReply =
  | { type: 'realtime'; status: RealtimeStatus; byte: number }
  | { type: 'paper-sensor'; status: PaperSensorStatus; byte: number }
  | { type: 'asb'; status: AsbStatus; bytes: Uint8Array };

/**
 * Decodes what a printer sends back. A one-byte reply carries no tag saying
 * which request it answers, so the decoder must be told what was asked
 * (`expect`, one reply per call) — or be built with a fixed query, as the
 * `decode --format n1..n4` CLI does. ASB blocks are recognised at any time by
 * their first byte, which no one-byte reply can equal. Holds at most 3 bytes.
 */
export class PrinterReplyDecoder implements StreamDecoder<PrinterReply> {
  private asb: number[] = [];
  private expected: StatusQuery | null;

  constructor(private readonly fixedQuery?: StatusQuery) {
    this.expected = fixedQuery ?? null;
  }

  /** The next one-byte reply answers `query` (null: nothing is asked). */
  expect(query: StatusQuery | null): void {
    this.expected = this.fixedQuery ?? query;
  }

  get expecting(): StatusQuery | null {
    return this.expected;
  }

  push(chunk: Uint8Array): Array<PrinterReply | DecodeError> {
    const out: Array<PrinterReply | DecodeError> = [];
    for (const byte of chunk) this.pushByte(byte, out);
    return out;
  }

  reset(): void {
    this.asb = [];
    this.expected = this.fixedQuery ?? null;
  }

  private pushByte(byte: number, out: Array<PrinterReply | DecodeError>): void {
    if (this.asb.length > 0) {
      if ((byte & ZERO_4_7_MASK) === 0) {
        this.asb.push(byte);
        if (this.asb.length === 4) {
          const bytes = Uint8Array.from(this.asb);
          this.asb = [];
          const status = decodeAsb(bytes);
          out.push('type' in status ? status : { type: 'asb', status, bytes });
        }
        return;
      }
      out.push(decodeError('automatic status block cut short', Uint8Array.from(this.asb)));
      this.asb = [];
    }
    if (isAsbFirstByte(byte)) {
      this.asb = [byte];
      return;
    }
    const query = this.expected;
    if (query === null) {
      out.push(
        decodeError('unsolicited byte: no status request is waiting for a reply', Uint8Array.of(byte)),
      );
      return;
    }
    if (query === 'paper-sensor') {
      const status = decodePaperSensor(byte);
      if ('type' in status) return void out.push(status);
      this.expected = this.fixedQuery ?? null;
      out.push({ type: 'paper-sensor', status, byte });
      return;
    }
    const status = decodeRealtimeStatus(query, byte);
    if ('type' in status) return void out.push(status);
    this.expected = this.fixedQuery ?? null;
    out.push({ type: 'realtime', status, byte });
  }
}
