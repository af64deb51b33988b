import { describe, expect, it } from 'vitest';
import { fromHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { encodeIdCardRequest, idcardKind, syntheticDeck } from './index.ts';
import { encodeReadReply } from './reply.ts';

describe('idcard-ga467 device kind', () => {
  it('describes a 115200 8N1 serial device with one wire format', () => {
    expect(idcardKind).toMatchObject({
      kind: 'idcard-ga467',
      formats: [],
      serial: { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 },
    });
  });

  it('decodes a captured stream to the JSON of the decode contract', () => {
    const decoder = idcardKind.createJsonDecoder();
    const stream = Buffer.concat([
      fromHex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97')!,
      fromHex('01 02')!,
      encodeReadReply(syntheticDeck()[4]!.identity),
      fromHex('AA AA AA 96 69 00 04 00 00 41 45')!,
    ]);
    const messages = [...decoder.push(stream.subarray(0, 700)), ...decoder.push(stream.subarray(700))];
    expect(messages).toEqual([
      { type: 'idcard.status', sw3: '9F', ok: true },
      { type: 'error', reason: 'bytes before a frame preamble (2 bytes skipped)', bytes: '01 02' },
      {
        type: 'idcard.read',
        cardType: 'foreign-2017',
        name: '测试戊五',
        sex: 'male',
        birth: '19750308',
        idNumber: 'ZZZ999919750308',
        address: '',
        authority: '9999',
        validFrom: '20170601',
        validTo: '20270601',
        idNumberValid: true,
      },
      { type: 'idcard.status', sw3: '41', ok: false },
    ]);
    for (const message of messages) expect(JSON.parse(JSON.stringify(message))).toEqual(message);
  });

  it('creates a simulator that answers on the given transport', async () => {
    const link = createMemoryLink('idcard-kind');
    const simulator = idcardKind.createSimulator!(link.device);
    const replies: Buffer[] = [];
    link.host.onData((chunk) => replies.push(chunk));
    link.host.start();
    simulator.start();
    try {
      await link.host.write(encodeIdCardRequest({ name: 'sam-status' }));
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(Buffer.concat(replies)).toEqual(Buffer.from(fromHex('AA AA AA 96 69 00 04 00 00 90 94')!));
      expect(simulator.snapshot()).toMatchObject({ device: 'idcard-ga467', card: null });
    } finally {
      await simulator.stop();
    }
  });
});
