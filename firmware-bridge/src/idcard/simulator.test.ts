import { afterEach, describe, expect, it } from 'vitest';
import { toHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { syntheticDeck } from './deck.ts';
import { encodeFrame } from './frame.ts';
import { IdCardReplyDecoder } from './reply.ts';
import { encodeIdCardRequest, type IdCardCommand } from './request.ts';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.ts';

// Asymmetric matchers are typed any; wrapping them keeps the assertions lint-clean.
const like = (fields: object): unknown => expect.objectContaining(fields);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

const P = 'AA AA AA 96 69';
const NO_CARD = `${P} 00 04 00 00 80 84`;
const FOUND = `${P} 00 08 00 00 9F 00 00 00 00 97`;
const SELECTED = `${P} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C`;
const OK = `${P} 00 04 00 00 90 94`;

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** The simulator with a raw host end: send a request, get the reply bytes (or null for silence). */
function rig(options: IdCardSimulatorOptions = {}) {
  const link = createMemoryLink('idcard-sim');
  const simulator = new IdCardSimulator(link.device, options);
  const received: Buffer[] = [];
  link.host.onData((chunk) => received.push(chunk));
  link.host.start();
  simulator.start();
  stops.push(() => simulator.stop());
  const exchange = async (request: IdCardCommand | Uint8Array): Promise<string | null> => {
    received.length = 0;
    await link.host.write(request instanceof Uint8Array ? request : encodeIdCardRequest(request));
    await new Promise((resolve) => setTimeout(resolve, 5));
    return received.length ? toHex(Buffer.concat(received)) : null;
  };
  return { simulator, exchange };
}

const bytesOf = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');

describe('ID card simulator', () => {
  it('answers find → select → read byte for byte as PROTOCOLS.md shows, then wants the card lifted', async () => {
    const { simulator, exchange } = rig();
    expect(await exchange({ name: 'find' })).toBe(NO_CARD);
    simulator.present(0);
    expect(await exchange({ name: 'find' })).toBe(FOUND);
    expect(await exchange({ name: 'select' })).toBe(SELECTED);
    const read = await exchange({ name: 'read-base' });
    expect(read?.startsWith(`${P} 05 08 00 00 90 01 00 04 00`)).toBe(true);
    const [reply] = new IdCardReplyDecoder().push(bytesOf(read!));
    expect(reply).toMatchObject({
      type: 'identity',
      identity: syntheticDeck()[0]!.identity,
      idNumberValid: true,
    });
    expect(await exchange({ name: 'find' })).toBe(NO_CARD);
    simulator.remove();
    simulator.present(0);
    expect(await exchange({ name: 'find' })).toBe(FOUND);
  });

  it('refuses select before find and read before select', async () => {
    const { simulator, exchange } = rig();
    simulator.present(0);
    expect(await exchange({ name: 'select' })).toBe(`${P} 00 04 00 00 81 85`);
    expect(await exchange({ name: 'read-base' })).toBe(`${P} 00 04 00 00 41 45`);
  });

  it('answers the SAM commands, set baud, appended address and read with fingerprint', async () => {
    const { simulator, exchange } = rig();
    expect(await exchange({ name: 'sam-status' })).toBe(OK);
    expect(await exchange({ name: 'reset-sam' })).toBe(OK);
    expect(await exchange({ name: 'set-baud', baud: 9600 })).toBe(OK);
    expect(await exchange({ name: 'read-sam-id' })).toMatch(new RegExp(`^${P} 00 14 00 00 90`));
    simulator.present(1);
    await exchange({ name: 'find' });
    await exchange({ name: 'select' });
    const address = await exchange({ name: 'read-appended-address' });
    expect(new IdCardReplyDecoder().push(bytesOf(address!))).toEqual([
      like({ type: 'appended-address', address: '测试省模拟市示范区新址路8号' }),
    ]);
    const read = await exchange({ name: 'read-fingerprint' });
    expect(bytesOf(read!).length).toBe(2321);
    simulator.present(0);
    await exchange({ name: 'find' });
    await exchange({ name: 'select' });
    expect(await exchange({ name: 'read-appended-address' })).toBe(`${P} 00 04 00 00 91 95`);
  });

  it('answers an unknown command with 21 and a malformed one with 11; ignores a damaged request', async () => {
    const { exchange } = rig();
    expect(await exchange(encodeFrame(Uint8Array.of(0x20, 0x09)))).toBe(`${P} 00 04 00 00 21 25`);
    expect(await exchange(encodeFrame(Uint8Array.of(0x20, 0x01, 0x00)))).toBe(`${P} 00 04 00 00 11 15`);
    const damaged = encodeIdCardRequest({ name: 'find' });
    damaged[damaged.length - 1]! ^= 0xff;
    expect(await exchange(damaged)).toBeNull();
  });

  it('spoils the next reply as armed: checksum, silence, garbage, any SW3, per command', async () => {
    const { simulator, exchange } = rig();
    simulator.injectFault({ kind: 'bad-checksum' });
    expect(await exchange({ name: 'find' })).toBe(`${P} 00 04 00 00 80 85`);
    simulator.injectFault({ kind: 'silence' });
    expect(await exchange({ name: 'find' })).toBeNull();
    simulator.injectFault({ kind: 'garbage' });
    expect(await exchange({ name: 'find' })).toBe(`13 AA AA 37 96 69 00 ${NO_CARD}`);
    simulator.injectFault({ kind: 'sw3', byte: 0x60, on: 'sam-status' });
    expect(await exchange({ name: 'find' })).toBe(NO_CARD);
    expect(await exchange({ name: 'sam-status' })).toBe(`${P} 00 04 00 00 60 64`);
    expect(await exchange({ name: 'sam-status' })).toBe(OK);
  });

  it('lifts the card in the middle of the next read', async () => {
    const { simulator, exchange } = rig();
    simulator.present(2);
    simulator.injectFault({ kind: 'removed-mid-read' });
    await exchange({ name: 'find' });
    await exchange({ name: 'select' });
    expect(await exchange({ name: 'read-base' })).toBe(`${P} 00 04 00 00 41 45`);
    expect(await exchange({ name: 'find' })).toBe(NO_CARD);
    expect(simulator.snapshot()).toMatchObject({ card: null, pendingFaults: [] });
  });

  it('a lenient reader keeps finding a card that was read', async () => {
    const { simulator, exchange } = rig({ liftRequired: false });
    simulator.present(0);
    for (const command of ['find', 'select', 'read-base'] as const) await exchange({ name: command });
    expect(await exchange({ name: 'find' })).toBe(FOUND);
  });

  it('takes text commands', async () => {
    const { simulator, exchange } = rig();
    expect(await simulator.control('present 3')).toEqual({
      ok: true,
      message: 'card 3 (permit-hmt 测试丁四) in the field',
    });
    expect(await simulator.control('present 9')).toEqual({ ok: false, error: 'no card 9 in the deck (0–5)' });
    expect(await simulator.control('fault sw3 66 find')).toEqual({
      ok: true,
      message: 'fault sw3 66 find armed',
    });
    expect(await simulator.control('fault checksum select')).toMatchObject({ ok: true });
    expect(await simulator.control('fault removed-mid-read')).toMatchObject({ ok: true });
    expect(await simulator.control('fault silence nowhere')).toMatchObject({ ok: false });
    expect(await simulator.control('fault sw3 zz')).toMatchObject({ ok: false });
    expect(simulator.snapshot()).toMatchObject({
      device: 'idcard-ga467',
      card: { index: 3, phase: 'placed', cardType: 'permit-hmt' },
      pendingFaults: ['sw3', 'bad-checksum', 'removed-mid-read'],
    });
    expect(await exchange({ name: 'find' })).toBe(`${P} 00 04 00 00 66 62`);
    expect((await simulator.control('deck')).ok && (await simulator.control('deck'))).toMatchObject({
      message: matching(/^0 resident 测试甲一\n1 resident 测试乙二/),
    });
    expect(await simulator.control('remove')).toEqual({ ok: true, message: 'field empty' });
    expect(await simulator.control('frobnicate')).toMatchObject({
      ok: false,
      error: matching(/known: present/),
    });
  });
});
