import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromHex } from '../codec.ts';
import { createMemoryLink, type MemoryLink } from '../transport/memory.ts';
import { wiegandKind } from './index.ts';
import { WiegandDriver, type WiegandCardEvent } from './wiegand-driver.ts';
import { WiegandSimulator } from './wiegand-simulator.ts';

/** Asymmetric matchers typed as `unknown`, so object literals holding them stay lint-clean. */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const anyString: unknown = expect.any(String);

describe('rfid-wiegand DeviceKind', () => {
  it('decodes both formats to exactly the decode contract JSON', () => {
    expect(wiegandKind.createJsonDecoder().push(Buffer.from('7B11D7\r'))).toEqual([
      { type: 'card', uid: '7B11D7', facility: 123, card: 4567 },
    ]);
    expect(wiegandKind.createJsonDecoder('dec10').push(Buffer.from('0008065495\r\n'))).toEqual([
      { type: 'card', uid: '7B11D7', facility: 123, card: 4567 },
    ]);
  });

  it('turns bytes that form no frame into an error and decodes frames after them', () => {
    const out = wiegandKind.createJsonDecoder('hex6').push(fromHex('FF 00 31 0D 30 31 30 30 30 31 0D')!);
    expect(out).toEqual([
      { type: 'error', reason: anyString, bytes: 'FF 00 31' },
      { type: 'card', uid: '010001', facility: 1, card: 1 },
    ]);
  });

  it('lists its formats and serial settings and refuses an unknown format', () => {
    expect(wiegandKind.formats).toEqual(['hex6', 'dec10']);
    expect(wiegandKind.serial).toEqual({ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
    expect(() => wiegandKind.createJsonDecoder('wiegand34')).toThrow(/unknown rfid-wiegand format/);
  });
});

describe('WiegandDriver against WiegandSimulator over a memory link (fake timers)', () => {
  let link: MemoryLink;
  let simulator: WiegandSimulator;
  let driver: WiegandDriver;
  let events: WiegandCardEvent[];

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    link = createMemoryLink('wiegand');
    simulator = new WiegandSimulator(link.device, 'dec10');
    driver = new WiegandDriver(link.host, { format: 'dec10', debounceMs: 1000, lineTimeoutMs: 200 });
    events = [];
    driver.onCard((event) => events.push(event));
    simulator.start();
    driver.start();
  });

  afterEach(async () => {
    await driver.stop();
    await simulator.stop();
    vi.useRealTimers();
  });

  it('emits one event per presentation: repeats inside the sliding window are ignored', async () => {
    await simulator.control('present 123 4567');
    await vi.advanceTimersByTimeAsync(900);
    await simulator.control('present-uid 7B11D7');
    await vi.advanceTimersByTimeAsync(900);
    await simulator.control('present-word 2F623AE');
    await vi.advanceTimersByTimeAsync(1000);
    await simulator.control('present 123 4567');
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual([
      { type: 'card.presented', uid: '7B11D7', facility: 123, card: 4567, at: 1_700_000_000_000 },
      { type: 'card.presented', uid: '7B11D7', facility: 123, card: 4567, at: 1_700_000_002_800 },
    ]);
    expect(driver.health().frameCount).toBe(4);
  });

  it('a word with a parity error is dropped by the converter: nothing reaches the driver', async () => {
    const reply = await simulator.control('present-word 2F623AF'); // bit 26 flipped
    expect(reply).toMatchObject({ ok: true, message: matching(/odd parity .* drops the read/) });
    await vi.advanceTimersByTimeAsync(500);
    expect(events).toEqual([]);
    expect(driver.health().frameCount).toBe(0);
  });

  it('drops a partial line after the line timeout so it cannot prefix the next card', async () => {
    await link.device.write(Buffer.from('00080'));
    await vi.advanceTimersByTimeAsync(200);
    expect(driver.health()).toMatchObject({ errorCount: 1, lastError: matching(/cut off/) });
    await simulator.present({ facility: 1, card: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(events.map((e) => e.uid)).toEqual(['010001']);
  });

  it('answers control commands and reports bad input as values', async () => {
    expect(await simulator.control('present 256 1')).toMatchObject({
      ok: false,
      error: matching(/facility code/),
    });
    expect(await simulator.control('present 1')).toMatchObject({ ok: false, error: matching(/usage/) });
    expect(await simulator.control('present-uid 12345')).toMatchObject({
      ok: false,
      error: matching(/6 hex/),
    });
    expect(await simulator.control('silent maybe')).toMatchObject({ ok: false, error: matching(/usage/) });
    expect(await simulator.control('jump')).toMatchObject({ ok: false, error: matching(/known: present/) });
    expect(await simulator.control('garbage')).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(driver.health().errorCount).toBe(1);
    link.unplug();
    expect(await simulator.control('present 1 2')).toMatchObject({
      ok: false,
      error: matching(/link is down/),
    });
    expect(simulator.snapshot()).toMatchObject({ device: 'rfid-wiegand', format: 'dec10', linesSent: 0 });
  });
});
