import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { IdCardFrameDecoder } from './frame.ts';
import { IdCardJsonDecoder } from './read-message.ts';
import {
  decodeReply,
  encodeAppendedAddressReply,
  encodeFindReply,
  encodeReadReply,
  encodeSamIdReply,
  encodeSelectReply,
  encodeStatusReply,
} from './reply.ts';
import { decodeIdCardRequest, encodeIdCardRequest, type IdCardCommand } from './request.ts';
import { encodeTextBlock, type ResidentIdentity } from './text-block.ts';

// Asymmetric matchers are typed any; wrapping them keeps the assertions lint-clean.
const like = (fields: object): unknown => expect.objectContaining(fields);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

// Every example frame of PROTOCOLS.md §1, both ways. `…` is the preamble.
const P = 'AA AA AA 96 69';
const bytes = (hex: string) => fromHex(hex)!;

const REQUESTS: Array<[IdCardCommand, string]> = [
  [{ name: 'find' }, `${P} 00 03 20 01 22`],
  [{ name: 'select' }, `${P} 00 03 20 02 21`],
  [{ name: 'read-base' }, `${P} 00 03 30 01 32`],
  [{ name: 'read-fingerprint' }, `${P} 00 03 30 10 23`],
  [{ name: 'read-appended-address' }, `${P} 00 03 30 03 30`],
  [{ name: 'read-sam-id' }, `${P} 00 03 12 FF EE`],
  [{ name: 'sam-status' }, `${P} 00 03 11 FF ED`],
  [{ name: 'reset-sam' }, `${P} 00 03 10 FF EC`],
  // set baud: nn 00=115200 … 04=9600, CHK = 03 ^ 60 ^ nn
  [{ name: 'set-baud', baud: 115200 }, `${P} 00 03 60 00 63`],
  [{ name: 'set-baud', baud: 57600 }, `${P} 00 03 60 01 62`],
  [{ name: 'set-baud', baud: 38400 }, `${P} 00 03 60 02 61`],
  [{ name: 'set-baud', baud: 19200 }, `${P} 00 03 60 03 60`],
  [{ name: 'set-baud', baud: 9600 }, `${P} 00 03 60 04 67`],
];

const SYNTHETIC: ResidentIdentity = {
  cardType: 'resident',
  name: '测试甲一',
  sex: 'male',
  nation: '01',
  birth: '19800101',
  address: '测试省模拟市示例路1号',
  idNumber: '99999919800101029X',
  authority: '模拟市公安局',
  validFrom: '20200101',
  validTo: '长期',
};

function decodeOne(frame: Uint8Array) {
  const out = new IdCardFrameDecoder().push(frame);
  expect(out).toHaveLength(1);
  const [only] = out;
  if (only?.type !== 'frame') throw new Error(`not a frame: ${JSON.stringify(only)}`);
  return only.body;
}

describe('PROTOCOLS.md §1 requests', () => {
  it.each(REQUESTS)('%j encodes to %s and decodes back', (command, hex) => {
    expect(toHex(encodeIdCardRequest(command))).toBe(hex);
    expect(decodeIdCardRequest(decodeOne(bytes(hex)))).toEqual({ ok: true, value: command });
  });

  it('refuses an unknown command and a baud rate the reader lacks', () => {
    expect(decodeIdCardRequest(Uint8Array.of(0x20, 0x07))).toEqual({
      ok: false,
      error: 'unknown command 20 07',
    });
    expect(decodeIdCardRequest(Uint8Array.of(0x60, 0x05)).ok).toBe(false);
    expect(() => encodeIdCardRequest({ name: 'set-baud', baud: 4800 as 9600 })).toThrow(RangeError);
  });
});

describe('PROTOCOLS.md §1 replies', () => {
  const json = (frame: Uint8Array) => new IdCardJsonDecoder().push(frame);

  it('find success', () => {
    const hex = `${P} 00 08 00 00 9F 00 00 00 00 97`;
    expect(toHex(encodeFindReply())).toBe(hex);
    expect(decodeReply(decodeOne(bytes(hex)))).toMatchObject({
      type: 'card-found',
      sw3: { name: 'card-found' },
    });
    expect(json(bytes(hex))).toEqual([{ type: 'idcard.status', sw3: '9F', ok: true }]);
  });

  it('select success with 8 zero bytes ends 9C', () => {
    const hex = `${P} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C`;
    expect(toHex(encodeSelectReply())).toBe(hex);
    expect(decodeReply(decodeOne(bytes(hex)))).toMatchObject({ type: 'card-selected' });
    expect(json(bytes(hex))).toEqual([{ type: 'idcard.status', sw3: '90', ok: true }]);
  });

  it.each([
    ['no card', 0x80, `${P} 00 04 00 00 80 84`, '80'],
    ['select failed', 0x81, `${P} 00 04 00 00 81 85`, '81'],
    ['read failed', 0x41, `${P} 00 04 00 00 41 45`, '41'],
  ])('failure reply: %s', (_name, code, hex, sw3) => {
    expect(toHex(encodeStatusReply(code))).toBe(hex);
    expect(decodeReply(decodeOne(bytes(hex)))).toMatchObject({ type: 'status', sw3: { byte: code } });
    expect(json(bytes(hex))).toEqual([{ type: 'idcard.status', sw3, ok: false }]);
  });

  it('SAM status (and reset SAM) success', () => {
    const hex = `${P} 00 04 00 00 90 94`;
    expect(toHex(encodeStatusReply(0x90))).toBe(hex);
    expect(json(bytes(hex))).toEqual([{ type: 'idcard.status', sw3: '90', ok: true }]);
  });

  it('read base: 1295 bytes, LEN 05 08, lengths 01 00 04 00, photo dropped', () => {
    const frame = encodeReadReply(SYNTHETIC);
    expect(frame.length).toBe(1295);
    expect(toHex(frame.subarray(0, 14))).toBe(`${P} 05 08 00 00 90 01 00 04 00`);
    const reply = decodeReply(decodeOne(frame));
    expect(reply).toEqual({
      type: 'identity',
      sw3: like({ byte: 0x90 }),
      identity: SYNTHETIC,
      idNumberValid: true,
      withFingerprint: false,
    });
    expect(json(frame)).toEqual([
      {
        type: 'idcard.read',
        cardType: 'resident',
        name: '测试甲一',
        sex: 'male',
        birth: '19800101',
        idNumber: '99999919800101029X',
        address: '测试省模拟市示例路1号',
        authority: '模拟市公安局',
        validFrom: '20200101',
        validTo: '长期',
        idNumberValid: true,
      },
    ]);
  });

  it('read with fingerprint: 2321 bytes, LEN 09 0A, lengths 01 00 04 00 04 00', () => {
    const frame = encodeReadReply(SYNTHETIC, { fingerprint: new Uint8Array(1024).fill(0x5a) });
    expect(frame.length).toBe(2321);
    expect(toHex(frame.subarray(0, 16))).toBe(`${P} 09 0A 00 00 90 01 00 04 00 04 00`);
    expect(decodeReply(decodeOne(frame))).toMatchObject({
      type: 'identity',
      identity: SYNTHETIC,
      withFingerprint: true,
    });
  });

  it('no decoded message holds the photo or fingerprint bytes', () => {
    const photo = new Uint8Array(1024).fill(0x77);
    const frame = encodeReadReply(SYNTHETIC, { photo, fingerprint: photo });
    const messages = [decodeReply(decodeOne(frame)), ...json(frame)];
    const text = JSON.stringify(messages);
    expect(text).not.toMatch(/77 ?77/);
    expect(text.length).toBeLessThan(1000);
  });

  it('read appended address: SW + 70 bytes UCS-2LE', () => {
    const frame = encodeAppendedAddressReply('测试省模拟市新址路2号');
    expect(frame.length).toBe(5 + 2 + 3 + 70 + 1);
    expect(toHex(frame.subarray(0, 10))).toBe(`${P} 00 4A 00 00 90`);
    expect(decodeReply(decodeOne(frame))).toMatchObject({
      type: 'appended-address',
      address: '测试省模拟市新址路2号',
    });
  });

  it('read SAM id: LEN 00 14, SW + 16 bytes', () => {
    const samId = Uint8Array.from({ length: 16 }, (_, i) => i);
    const frame = encodeSamIdReply(samId);
    expect(toHex(frame.subarray(0, 10))).toBe(`${P} 00 14 00 00 90`);
    expect(decodeReply(decodeOne(frame))).toMatchObject({
      type: 'sam-id',
      samId: '000102030405060708090A0B0C0D0E0F',
    });
  });

  it('bytes that form no frame, and a request fed as a reply, come out as errors', () => {
    expect(json(bytes('01 02 03'))).toEqual([
      { type: 'error', reason: matching(/outside a frame/), bytes: '01 02 03' },
    ]);
    expect(json(bytes(`${P} 00 03 20 01 22`))).toEqual([
      like({ type: 'error', reason: matching(/host request/) }),
    ]);
    const corrupt = bytes(`${P} 00 04 00 00 80 85`);
    expect(json(corrupt)).toEqual([like({ type: 'error', reason: matching(/checksum mismatch/) })]);
  });

  it('a text block with a bad ID number check still decodes, flagged invalid', () => {
    const block = encodeTextBlock({ ...SYNTHETIC, idNumber: '999999198001010012' });
    expect(json(encodeReadReply(block))).toEqual([like({ idNumberValid: false })]);
  });
});
