import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeHidDevice } from './fake-hid.ts';
import { HidTransport } from './hid-transport.ts';
import { encodeTypedReports } from './wedge-codec.ts';
import { WedgeDriver, type WedgeCardEvent, type WedgeDriverOptions } from './wedge-driver.ts';
import { WEDGE_RECORDINGS } from './recordings.fixture.ts';

/** Asymmetric matchers typed as `unknown`, so object literals holding them stay lint-clean. */
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

/**
 * End to end without hardware: recorded reports → fake HID device → the real
 * HidTransport → WedgeDriver → debounced card events. Fake timers: the
 * debounce window and the inter-key timeout are the subject.
 */
describe('WedgeDriver over HidTransport with a replayed HID device', () => {
  let device: FakeHidDevice;
  let driver: WedgeDriver;
  let events: WedgeCardEvent[];

  const startDriver = async (options: WedgeDriverOptions) => {
    device = new FakeHidDevice();
    const transport = new HidTransport({
      target: { path: '/dev/hidraw3' },
      opener: device,
      reconnectBaseMs: 100,
      reconnectCapMs: 100,
      random: () => 1,
    });
    driver = new WedgeDriver(transport, options);
    events = [];
    driver.onCard((event) => events.push(event));
    driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(driver.health().state).toBe('connected');
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
  });

  afterEach(async () => {
    await driver.stop();
    vi.useRealTimers();
  });

  it.each(WEDGE_RECORDINGS.map((r) => [r.format, r.typed, r]))(
    'format %s: typed %s becomes one card event',
    async (_format, _typed, recording) => {
      await startDriver({ format: recording.format });
      device.replay(recording.reports);
      expect(events).toEqual([
        { type: 'card.presented', uid: recording.uid, typed: recording.typed, at: 1_700_000_000_000 },
      ]);
      expect(driver.health()).toMatchObject({ state: 'connected', frameCount: 1, errorCount: 0 });
    },
  );

  it('ignores the same card within the debounce window (sliding) and reports it again after', async () => {
    const recording = WEDGE_RECORDINGS[0]!;
    await startDriver({ format: 'decimal', debounceMs: 1000 });
    device.replay(recording.reports);
    await vi.advanceTimersByTimeAsync(800);
    device.replay(recording.reports); // held on the reader: re-typed
    await vi.advanceTimersByTimeAsync(800);
    device.replay(recording.reports); // 800 ms after the last read: still the same presentation
    expect(events).toHaveLength(1);

    device.replay(WEDGE_RECORDINGS[1]!.reports); // another card fires at once
    device.replay(recording.reports); // and the first card again is a new presentation
    await vi.advanceTimersByTimeAsync(1000);
    device.replay(recording.reports);
    expect(events.map((e) => e.uid)).toEqual(['0000C80ECC', '000030C2A4', '0000C80ECC', '0000C80ECC']);
  });

  it('drops half a card after the inter-key timeout so it cannot prefix the next card', async () => {
    await startDriver({ format: 'decimal', interKeyTimeoutMs: 300 });
    const half = encodeTypedReports('0013').subarray(0, 8 * 8); // "0013", no Enter
    device.replay(half);
    await vi.advanceTimersByTimeAsync(300);
    expect(driver.health()).toMatchObject({ errorCount: 1, lastError: matching(/cut off/) });
    device.replay(WEDGE_RECORDINGS[1]!.reports);
    expect(events.map((e) => e.uid)).toEqual(['000030C2A4']);
  });

  it('keeps reading across a pause shorter than the inter-key timeout', async () => {
    await startDriver({ format: 'decimal', interKeyTimeoutMs: 300 });
    const reports = WEDGE_RECORDINGS[0]!.reports;
    device.replay(reports.slice(0, 6));
    await vi.advanceTimersByTimeAsync(250);
    device.replay(reports.slice(6));
    expect(events.map((e) => e.uid)).toEqual(['0000C80ECC']);
    expect(driver.health().errorCount).toBe(0);
  });

  it('counts unknown keys as errors and still reads the card', async () => {
    await startDriver({ format: 'decimal' });
    device.report(Uint8Array.of(0, 0, 0x3a, 0, 0, 0, 0, 0)); // F1
    device.replay(WEDGE_RECORDINGS[0]!.reports);
    expect(events.map((e) => e.uid)).toEqual(['0000C80ECC']);
    expect(driver.health().errorCount).toBe(1);
  });

  it('goes disconnected when the reader is unplugged and reads again after it is plugged back', async () => {
    await startDriver({ format: 'decimal' });
    const reports = WEDGE_RECORDINGS[0]!.reports;
    device.replay(reports.slice(0, 5)); // unplugged mid-card
    device.unplug();
    expect(driver.health()).toMatchObject({
      state: 'disconnected',
      lastError: matching(/hidraw3/),
    });
    await vi.advanceTimersByTimeAsync(500);
    expect(driver.health().state).toBe('disconnected');

    device.plug();
    await vi.advanceTimersByTimeAsync(100);
    expect(driver.health().state).toBe('connected');
    device.replay(reports); // the half card before the outage does not prefix this one
    expect(events.map((e) => e.uid)).toEqual(['0000C80ECC']);
  });
});
