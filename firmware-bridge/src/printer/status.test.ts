import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toHex } from '../codec.ts';
import { combineStatus, statusFromAsb } from './printer-status.ts';
import { PrinterReplyDecoder, type PrinterReply } from './status-decoder.ts';
import {
  decodeAsb,
  decodePaperSensor,
  decodeRealtimeStatus,
  encodeAsb,
  encodePaperSensor,
  encodeRealtimeStatus,
  encodeStatusRequest,
  type RealtimeRequest,
  type RealtimeStatus,
} from './status.ts';

const realtime = (n: RealtimeRequest, byte: number) => decodeRealtimeStatus(n, byte) as RealtimeStatus;
const requests = fc.constantFrom<RealtimeRequest>(1, 2, 3, 4);
/** Every byte whose fixed bits are right for a DLE EOT reply. */
const replyByte = fc.integer({ min: 0, max: 255 }).map((b) => (b & 0x6c) | 0x12);

describe('ESC/POS status codec (PROTOCOLS.md §4)', () => {
  it('encodes the real-time status requests 10 04 n', () => {
    expect([1, 2, 3, 4].map((n) => toHex(encodeStatusRequest(n as RealtimeRequest)))).toEqual([
      '10 04 01',
      '10 04 02',
      '10 04 03',
      '10 04 04',
    ]);
  });

  it('decodes the paper-out example 1A / 32 / 7E and encodes it back byte for byte', () => {
    const n1 = realtime(1, 0x1a);
    const n2 = realtime(2, 0x32);
    const n4 = realtime(4, 0x7e);
    expect(n1).toMatchObject({ offline: true, drawerHigh: false, waitingForRecovery: false });
    expect(n2).toMatchObject({ stoppedAtPaperEnd: true, coverOpen: false, error: false });
    expect(n4).toEqual({ request: 4, paperNearEnd: true, paperOut: true });
    expect([n1, n2, n4].map(encodeRealtimeStatus)).toEqual([0x1a, 0x32, 0x7e]);
    const status = combineStatus([n1, n2, realtime(3, 0x12), n4]);
    expect(status).toMatchObject({
      paperOut: true,
      paperNearEnd: true,
      offline: true,
      coverOpen: false,
      error: false,
    });
  });

  it('decodes idle 12 as nothing to report for every n, and encodes idle as 12', () => {
    const replies = ([1, 2, 3, 4] as const).map((n) => realtime(n, 0x12));
    expect(combineStatus(replies)).toMatchObject({
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
      offline: false,
      error: false,
    });
    expect(replies.map(encodeRealtimeStatus)).toEqual([0x12, 0x12, 0x12, 0x12]);
  });

  it('reads each bit at the position §4 gives', () => {
    expect(realtime(1, 0x12 | 0x04)).toMatchObject({ drawerHigh: true });
    expect(realtime(1, 0x12 | 0x20)).toMatchObject({ waitingForRecovery: true });
    expect(realtime(1, 0x12 | 0x40)).toMatchObject({ feedButtonPressed: true });
    expect(realtime(2, 0x12 | 0x04)).toMatchObject({ coverOpen: true });
    expect(realtime(2, 0x12 | 0x08)).toMatchObject({ feedingByButton: true });
    expect(realtime(2, 0x12 | 0x40)).toMatchObject({ error: true });
    expect(realtime(3, 0x12 | 0x04)).toMatchObject({ recoverableError: true });
    expect(realtime(3, 0x12 | 0x08)).toMatchObject({ autocutterError: true });
    expect(realtime(3, 0x12 | 0x20)).toMatchObject({ unrecoverableError: true });
    expect(realtime(3, 0x12 | 0x40)).toMatchObject({ autoRecoverableError: true });
    expect(realtime(4, 0x1e)).toEqual({ request: 4, paperNearEnd: true, paperOut: false });
    expect(combineStatus([realtime(3, 0x1a)])).toMatchObject({
      error: true,
      offline: true,
      detail: { cutterError: true },
    });
    expect(combineStatus([realtime(2, 0x16)])).toMatchObject({ coverOpen: true, offline: true });
  });

  it('rejects bytes that break the fixed bits (1 and 4 set, 0 and 7 clear) as errors, not status', () => {
    for (const byte of [0x00, 0x02, 0x10, 0x13, 0x92, 0xff, 0x1b]) {
      const result = decodeRealtimeStatus(1, byte);
      expect(result).toMatchObject({ type: 'error', bytes: toHex(Uint8Array.of(byte)) });
    }
  });

  it('decodes GS r 1 replies 03 (near end) and 0C (paper end) and encodes them back', () => {
    expect(decodePaperSensor(0x00)).toEqual({ paperNearEnd: false, paperOut: false });
    expect(decodePaperSensor(0x03)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodePaperSensor(0x0c)).toEqual({ paperNearEnd: false, paperOut: true });
    expect(encodePaperSensor({ paperNearEnd: true, paperOut: false })).toBe(0x03);
    expect(encodePaperSensor({ paperNearEnd: false, paperOut: true })).toBe(0x0c);
    expect(decodePaperSensor(0x12)).toMatchObject({ type: 'error' });
  });

  it('decodes automatic status back blocks whose first byte matches 0xx1xx00', () => {
    const block = Uint8Array.of(0x10 | 0x08 | 0x20, 0x08, 0x0f, 0x00);
    const asb = decodeAsb(block);
    expect(asb).toMatchObject({
      offline: true,
      coverOpen: true,
      autocutterError: true,
      paperNearEnd: true,
      paperOut: true,
    });
    expect(toHex(encodeAsb(asb as Parameters<typeof encodeAsb>[0]))).toBe('38 08 0F 00');
    expect(decodeAsb(Uint8Array.of(0x12, 0, 0, 0))).toMatchObject({ type: 'error' });
    expect(statusFromAsb(asb as Parameters<typeof statusFromAsb>[0])).toMatchObject({
      coverOpen: true,
      error: true,
    });
  });

  it('property: every valid reply byte decodes and encodes back to itself', () => {
    fc.assert(
      fc.property(requests, replyByte, (n, byte) => {
        const status = realtime(n, byte);
        expect(status.request).toBe(n);
        // Paired sensor bits (n=4) are lenient on decode; with both set or clear it is exact.
        const canonical =
          n === 4 ? (byte & 0x93) | (byte & 0x0c ? 0x0c : 0) | (byte & 0x60 ? 0x60 : 0) : byte;
        expect(encodeRealtimeStatus(status)).toBe(canonical);
      }),
    );
  });

  it('property: a byte is a status exactly when its fixed bits are right', () => {
    fc.assert(
      fc.property(requests, fc.integer({ min: 0, max: 255 }), (n, byte) => {
        const result = decodeRealtimeStatus(n, byte);
        expect('type' in result).toBe((byte & 0x93) !== 0x12);
      }),
    );
  });

  it('property: the stream decoder never throws, holds at most 3 bytes, and outputs at most one message per byte', () => {
    fc.assert(
      fc.property(
        fc.option(fc.constantFrom<RealtimeRequest | 'paper-sensor'>(1, 2, 3, 4, 'paper-sensor')),
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }),
        (query, chunks) => {
          const decoder = new PrinterReplyDecoder(query ?? undefined);
          let total = 0;
          let messages = 0;
          for (const chunk of chunks) {
            total += chunk.length;
            messages += decoder.push(chunk).length;
          }
          expect(messages).toBeLessThanOrEqual(total);
          // Whatever is held back is an ASB block in progress: at most 3 bytes, flushed by a breaking byte.
          const flushed = decoder.push(Uint8Array.of(0xff));
          expect(flushed.length).toBeLessThanOrEqual(2);
        },
      ),
    );
  });

  it('property: replies and ASB blocks survive any chunking with noise around them', () => {
    // Noise bytes that can be neither a reply (0xx1xx10), an ASB start (0xx1xx00) nor part of one (0xx0xxxx).
    const noise = fc.uint8Array({ maxLength: 8 }).map((b) => b.map((x) => x | 0x81));
    const asb = fc.record({
      drawerHigh: fc.boolean(),
      offline: fc.boolean(),
      coverOpen: fc.boolean(),
      feedButtonPressed: fc.boolean(),
      recoverableError: fc.boolean(),
      autocutterError: fc.boolean(),
      unrecoverableError: fc.boolean(),
      autoRecoverableError: fc.boolean(),
      paperNearEnd: fc.boolean(),
      paperOut: fc.boolean(),
    });
    fc.assert(
      fc.property(
        requests,
        replyByte,
        asb,
        noise,
        noise,
        fc.integer({ min: 1, max: 5 }),
        (n, byte, block, before, after, size) => {
          const stream = Buffer.concat([before, Uint8Array.of(byte), encodeAsb(block), after]);
          const decoder = new PrinterReplyDecoder(n);
          const out: PrinterReply[] = [];
          for (let i = 0; i < stream.length; i += size) {
            for (const m of decoder.push(stream.subarray(i, i + size))) if (m.type !== 'error') out.push(m);
          }
          expect(out).toHaveLength(2);
          expect(out[0]).toMatchObject({ type: 'realtime', byte, status: realtime(n, byte) });
          expect(out[1]).toMatchObject({ type: 'asb', status: block });
        },
      ),
    );
  });

  it('a one-shot expectation answers once; later bytes are unsolicited errors', () => {
    const decoder = new PrinterReplyDecoder();
    decoder.expect(2);
    const [first, second] = decoder.push(Uint8Array.of(0xff, 0x32, 0x12));
    expect(first).toMatchObject({ type: 'error' });
    expect(second).toMatchObject({ type: 'realtime', status: { request: 2, stoppedAtPaperEnd: true } });
    expect(decoder.push(Uint8Array.of(0x12))).toMatchObject([{ type: 'error', reason: /unsolicited/ }]);
  });
});
