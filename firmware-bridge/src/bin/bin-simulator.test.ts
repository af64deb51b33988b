import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { createMemoryLink, type MemoryLink } from '../transport/memory.ts';
import { BinControllerModel } from './bin-sim-model.ts';
import { BinSimulator, LINE_GARBAGE } from './bin-simulator.ts';
import { encodeRequest, type ModbusRequest } from './modbus-frames.ts';

const TRAVEL_MS = 1000;

describe('BinControllerModel (fake timers)', () => {
  let model: BinControllerModel;
  beforeEach(() => {
    vi.useFakeTimers();
    model = new BinControllerModel({ compartments: 2, lidTravelMs: TRAVEL_MS, autoCloseSeconds: 10 });
  });
  afterEach(() => {
    model.dispose();
    vi.useRealTimers();
  });

  it('opens over the travel time, auto-closes after the timeout, then closes over the travel time', () => {
    model.openLid(0);
    expect(model.compartment(0).lid).toBe('opening');
    vi.advanceTimersByTime(TRAVEL_MS - 1);
    expect(model.compartment(0).lid).toBe('opening');
    vi.advanceTimersByTime(1);
    expect(model.compartment(0).lid).toBe('open');
    vi.advanceTimersByTime(10_000 - 1);
    expect(model.compartment(0).lid).toBe('open');
    vi.advanceTimersByTime(1);
    expect(model.compartment(0).lid).toBe('closing');
    vi.advanceTimersByTime(TRAVEL_MS);
    expect(model.compartment(0).lid).toBe('closed');
    expect(model.compartment(1).lid).toBe('closed');
  });

  it('never auto-closes when the timeout is 0, and closes on command', () => {
    model.setAutoClose(0, 0);
    model.openLid(0);
    vi.advanceTimersByTime(TRAVEL_MS + 3_600_000);
    expect(model.compartment(0).lid).toBe('open');
    model.closeLid(0);
    expect(model.compartment(0).lid).toBe('closing');
    vi.advanceTimersByTime(TRAVEL_MS);
    expect(model.compartment(0).lid).toBe('closed');
  });

  it('a second open restarts the auto-close countdown', () => {
    model.openLid(0);
    vi.advanceTimersByTime(TRAVEL_MS + 8_000);
    model.openLid(0);
    vi.advanceTimersByTime(8_000);
    expect(model.compartment(0).lid).toBe('open');
    vi.advanceTimersByTime(2_000);
    expect(model.compartment(0).lid).toBe('closing');
  });

  it('a jam stops the lid (state jammed, lidJam alarm), refuses motion, and freeing it re-homes the lid closed', () => {
    model.openLid(1);
    vi.advanceTimersByTime(TRAVEL_MS / 2);
    model.setJam(1, true);
    expect(model.compartment(1)).toMatchObject({ lid: 'jammed', alarms: { lidJam: true } });
    vi.advanceTimersByTime(60_000);
    expect(model.compartment(1).lid).toBe('jammed');
    expect(model.openLid(1)).toBe(false);
    model.setJam(1, false);
    expect(model.compartment(1)).toMatchObject({ lid: 'closing', alarms: { lidJam: false } });
    vi.advanceTimersByTime(TRAVEL_MS);
    expect(model.compartment(1).lid).toBe('closed');
  });

  it('derives full and over-temperature alarms from fill and temperature; smoke and tamper are switches', () => {
    model.setFill(0, 89);
    model.setTemperature(0, 599);
    expect(model.compartment(0).alarms).toEqual({
      smoke: false,
      overTemperature: false,
      full: false,
      lidJam: false,
      tamper: false,
    });
    model.setFill(0, 90);
    model.setTemperature(0, 600);
    model.setSmoke(0, true);
    model.setTamper(true);
    expect(model.compartment(0).alarms).toEqual({
      smoke: true,
      overTemperature: true,
      full: true,
      lidJam: false,
      tamper: true,
    });
    expect(model.compartment(1).alarms.tamper).toBe(true);
    expect(() => model.setFill(0, 101)).toThrow(RangeError);
    expect(() => model.compartment(2)).toThrow(RangeError);
  });

  it('counts uptime in seconds from start, across the 16-bit boundary', () => {
    vi.advanceTimersByTime(5_500);
    expect(model.uptimeSeconds()).toBe(5);
    model.setUptimeSeconds(70_000);
    vi.advanceTimersByTime(2_000);
    expect(model.handle(read(0x0002, 2))).toMatchObject({ registers: [70_002 & 0xffff, 1] });
  });
});

function read(address: number, count: number, unit = 1): ModbusRequest {
  return { type: 'read-request', unit, fn: 3, address, count };
}

describe('BinSimulator on the wire', () => {
  let link: MemoryLink;
  let simulator: BinSimulator;
  let received: Buffer[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    link = createMemoryLink('bin');
    simulator = new BinSimulator(link.device, {
      compartments: 2,
      lidTravelMs: TRAVEL_MS,
      autoCloseSeconds: 5,
    });
    received = [];
    link.host.onData((chunk) => received.push(chunk));
    link.host.start();
    simulator.start();
  });
  afterEach(async () => {
    await simulator.stop();
    await link.host.stop();
    vi.useRealTimers();
  });

  /** Send request bytes, let the microtask-based memory link deliver, return the reply as hex. */
  async function exchange(bytes: Uint8Array | string): Promise<string> {
    received = [];
    await link.host.write(typeof bytes === 'string' ? fromHex(bytes)! : bytes);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    return toHex(Buffer.concat(received));
  }

  it('answers the golden requests of PROTOCOLS.md byte for byte', async () => {
    expect(await exchange('01 03 00 00 00 02 C4 0B')).toBe('01 03 04 00 01 00 01 6A 33'); // map v1, status ok
    expect(await exchange('01 03 00 50 00 02 C4 1A')).toBe('01 83 02 C0 F1'); // no compartment 4: the golden exception
    expect(await exchange('01 06 00 01 00 01 19 CA')).toBe('01 86 02 C3 A1'); // status is read-only
    expect(await exchange('01 10 00 01 00 02 04 00 01 00 0A E3 A4')).toBe('01 90 02 CD C1');
  });

  it('echoes a lid command and runs the lid through its states', async () => {
    expect(await exchange('01 06 00 10 00 01 49 CF')).toBe('01 06 00 10 00 01 49 CF');
    expect(await exchange('01 03 00 11 00 05 D5 CC')).toMatch(/^01 03 0A 00 01 /); // opening
    vi.advanceTimersByTime(TRAVEL_MS);
    expect(simulator.model.compartment(0).lid).toBe('open');
    vi.advanceTimersByTime(5_000 + TRAVEL_MS);
    expect(simulator.model.compartment(0).lid).toBe('closed');
  });

  it('replies with exceptions for bad addresses, values and functions', async () => {
    const ex = async (request: ModbusRequest) =>
      (await exchange(encodeRequest(request))).split(' ').slice(1, 3).join(' ');
    expect(await ex(read(0x0010, 1))).toBe('83 02'); // lid command is write-only
    expect(await ex(read(0x0004, 1))).toBe('83 02'); // unmapped
    expect(await ex(read(0x0031, 1))).toBe('83 02'); // compartment 2 of a 2-compartment controller
    expect(await ex({ type: 'write-single-request', unit: 1, fn: 6, address: 0x10, value: 3 })).toBe('86 03');
    expect(await ex({ type: 'write-single-request', unit: 1, fn: 6, address: 0x15, value: 3601 })).toBe(
      '86 03',
    );
    expect(await ex({ type: 'unsupported-request', unit: 1, fn: 4, data: [0, 0, 0, 1] })).toBe('84 01');
    simulator.model.setJam(0, true);
    expect(await ex({ type: 'write-single-request', unit: 1, fn: 6, address: 0x10, value: 1 })).toBe('86 04');
  });

  it('checks a multi-register write in full before applying any of it', async () => {
    const write = encodeRequest({
      type: 'write-multiple-request',
      unit: 1,
      fn: 16,
      address: 0x15,
      values: [60, 1],
    });
    expect((await exchange(write)).split(' ').slice(1, 3)).toEqual(['90', '02']); // 0x16 is unmapped
    expect(simulator.model.compartment(0).autoCloseSeconds).toBe(5);
    const good = encodeRequest({
      type: 'write-multiple-request',
      unit: 1,
      fn: 16,
      address: 0x25,
      values: [60],
    });
    expect(await exchange(good)).toMatch(/^01 10 00 25 00 01 /);
    expect(simulator.model.compartment(1).autoCloseSeconds).toBe(60);
  });

  it('encodes negative temperatures as two’s complement', async () => {
    await simulator.control('temp 1 -35');
    expect(await exchange(encodeRequest(read(0x0023, 1)))).toMatch(/^01 03 02 FF DD /);
  });

  it('ignores other units, executes broadcasts without replying', async () => {
    expect(await exchange(encodeRequest(read(0, 1, 2)))).toBe('');
    const broadcast = encodeRequest({
      type: 'write-single-request',
      unit: 0,
      fn: 6,
      address: 0x10,
      value: 1,
    });
    expect(await exchange(broadcast)).toBe('');
    expect(simulator.model.compartment(0).lid).toBe('opening');
  });

  it('stays silent, corrupts replies, sends garbage and flags RS-485 errors on command', async () => {
    await simulator.control('silent on');
    expect(await exchange('01 03 00 00 00 02 C4 0B')).toBe('');
    await simulator.control('silent off');
    await simulator.control('corrupt on');
    expect(await exchange('01 03 00 00 00 02 C4 0B')).toBe('01 03 04 00 01 00 01 6A CC');
    await simulator.control('corrupt off');
    received = [];
    expect(await simulator.control('garbage')).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(Buffer.concat(received)).toEqual(Buffer.from(LINE_GARBAGE));
    await exchange('01 03 00 00 00 02 C4 0C'); // bad CRC on the bus
    expect(simulator.model.statusRegister() & 0b10).toBe(0b10);
  });

  it('runs the text commands of the control port', async () => {
    expect(await simulator.control('fill 0 85')).toMatchObject({ ok: true });
    expect(await simulator.control('smoke 0 on')).toMatchObject({ ok: true });
    expect(await simulator.control('tamper on')).toMatchObject({ ok: true });
    expect(await simulator.control('jam 1 on')).toMatchObject({ ok: true, message: 'lid 1: jammed' });
    expect(await simulator.control('battery on')).toMatchObject({ ok: true });
    expect(await simulator.control('open 1')).toMatchObject({ ok: false, error: 'lid 1 is jammed' });
    expect(await simulator.control('fill 0 150')).toMatchObject({ ok: false });
    expect(await simulator.control('smoke 0 maybe')).toMatchObject({ ok: false });
    const unknown = await simulator.control('launch');
    expect(!unknown.ok && unknown.error).toMatch(/unknown command "launch"; known: open/);
    const state = await simulator.control('state');
    expect(state.ok && JSON.parse(state.message)).toMatchObject({
      device: 'bin-controller',
      status: 0b101,
      compartments: [
        { fillPercent: 85, alarms: { smoke: true, tamper: true } },
        { lid: 'jammed', alarms: { lidJam: true } },
      ],
    });
  });
});
