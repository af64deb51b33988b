import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLink } from '../transport/memory.ts';
import { fromHex } from '../codec.ts';
import { wedgeKind } from './index.ts';
import { WedgeDriver, type WedgeCardEvent } from './wedge-driver.ts';
import type { WedgeSimulator } from './wedge-simulator.ts';
import { WEDGE_RECORDINGS } from './recordings.fixture.ts';

/** Asymmetric matchers typed as `unknown`, so object literals holding them stay lint-clean. */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const anyString: unknown = expect.any(String);

describe('rfid-wedge DeviceKind', () => {
  it('decodes raw report bytes to exactly the decode contract JSON, in every format', () => {
    for (const recording of WEDGE_RECORDINGS) {
      const decoder = wedgeKind.createJsonDecoder(recording.format);
      expect(decoder.push(Buffer.concat(recording.reports))).toEqual([{ type: 'card', uid: recording.uid }]);
    }
  });

  it('turns bytes that form no card into an error and decodes the card after them', () => {
    const decoder = wedgeKind.createJsonDecoder();
    const out = decoder.push(
      Buffer.concat([fromHex('FF FF FF 00 00 3A 00 00 00 00 00')!, ...WEDGE_RECORDINGS[0]!.reports]),
    );
    expect(out[0]).toMatchObject({ type: 'error', reason: anyString });
    expect(out.at(-1)).toEqual({ type: 'card', uid: '0000C80ECC' });
  });

  it('lists its formats and refuses an unknown one', () => {
    expect(wedgeKind.formats).toEqual(['decimal', 'decimal-lsb', 'hex', 'hex-lsb']);
    expect(() => wedgeKind.createJsonDecoder('octal')).toThrow(/unknown rfid-wedge format/);
  });
});

describe('WedgeSimulator driving WedgeDriver over a memory link', () => {
  const link = createMemoryLink('wedge');
  const simulator = wedgeKind.createSimulator!(link.device, 'hex-lsb') as WedgeSimulator;
  const driver = new WedgeDriver(link.host, { format: 'hex-lsb', debounceMs: 0 });
  const events: WedgeCardEvent[] = [];
  driver.onCard((event) => events.push(event));

  afterEach(async () => {
    await driver.stop();
    await simulator.stop();
  });

  it('presents cards, sends garbage, stays silent, and answers control commands', async () => {
    simulator.start();
    driver.start();
    expect(await simulator.control('present 04A23B1C')).toEqual({ ok: true, message: 'card 04A23B1C typed' });
    await vi.waitFor(() => expect(events.map((e) => [e.uid, e.typed])).toEqual([['04A23B1C', '1c3ba204']]));

    expect(await simulator.control('garbage')).toMatchObject({ ok: true });
    await simulator.control('present 0F0030C2A4');
    await vi.waitFor(() => expect(events.map((e) => e.uid)).toEqual(['04A23B1C', '0F0030C2A4']));
    expect(driver.health().errorCount).toBeGreaterThan(0);

    await simulator.control('silent on');
    expect(await simulator.control('present 11223344')).toMatchObject({
      ok: true,
      message: matching(/silent/),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toHaveLength(2);

    expect(await simulator.control('present xyz')).toMatchObject({ ok: false, error: matching(/hex/) });
    expect(await simulator.control('fly')).toMatchObject({ ok: false, error: matching(/known: present/) });
    expect(simulator.snapshot()).toMatchObject({ device: 'rfid-wedge', format: 'hex-lsb', cardsSent: 2 });

    link.unplug();
    await simulator.control('silent off');
    expect(await simulator.control('present 11223344')).toMatchObject({
      ok: false,
      error: matching(/link is down/),
    });
  });
});
