import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLink } from '../transport/memory.ts';
import { ContinuousScaleDriver } from './continuous-driver.ts';
import { ContinuousScaleSimulator } from './continuous-sim.ts';
import type { ContinuousFormatName } from './formats.ts';
import { SicsScaleDriver } from './sics-driver.ts';
import { SicsSimulator } from './sics-sim.ts';
import type { WeightEvent } from './driver-types.ts';
import { YaohuaCommandDriver } from './yaohua-cmd-driver.ts';
import { YaohuaCommandSimulator } from './yaohua-cmd-sim.ts';

// Unit tests of the drivers over an in-memory link; the same scenarios over
// a real pty live in the *.pty.test.ts files.
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const stop of stops.splice(0)) await stop();
});

const stability = { frames: 3, windowMs: 20 };

function continuous(format: ContinuousFormatName) {
  const link = createMemoryLink(format);
  const sim = new ContinuousScaleSimulator(link.device, format, { intervalMs: 5 });
  const driver = new ContinuousScaleDriver({ transport: link.host, format, stability, freshMs: 50 });
  stops.push(
    () => driver.stop(),
    () => sim.stop(),
  );
  return { link, sim, driver };
}

describe('ContinuousScaleDriver', () => {
  it('tf0: infers stability from repeated readings and emits typed weight events', async () => {
    const { sim, driver } = continuous('tf0');
    const events: WeightEvent[] = [];
    driver.onWeight((e) => events.push(e));
    sim.setGrams(15600);
    sim.start();
    driver.start();
    const result = await driver.readStable(2000);
    expect(result).toMatchObject({ ok: true, value: { grams: 15600, stable: true, stability: 'inferred' } });
    expect(events.slice(0, 2).every((e) => !e.stable)).toBe(true);
    expect(driver.health()).toMatchObject({ state: 'connected', errorCount: 0 });
  });

  it('tf0 in motion: readStable fails with a typed timeout carrying the last reading', async () => {
    const { sim, driver } = continuous('tf0');
    sim.setGrams(2000);
    sim.setMotion(true);
    sim.start();
    driver.start();
    const result = await driver.readStable(150);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', last: { stable: false } } });
  });

  it('Toledo: uses the motion flag; overload until the deadline is its own failure', async () => {
    const { sim, driver } = continuous('toledo');
    sim.setGrams(12340);
    sim.start();
    driver.start();
    expect(await driver.readStable(1000)).toMatchObject({
      ok: true,
      value: { grams: 12340, stability: 'device' },
    });
    sim.setOverload(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(await driver.readStable(100)).toMatchObject({ ok: false, error: { code: 'overload' } });
  });

  it('garbage counts as errors but decoding carries on', async () => {
    const { sim, driver } = continuous('and');
    sim.setGrams(500);
    sim.start();
    driver.start();
    await driver.readStable(1000);
    await sim.injectGarbage();
    await new Promise((r) => setTimeout(r, 40));
    expect(driver.health().errorCount).toBeGreaterThan(0);
    expect(driver.latest()).toMatchObject({ grams: 500 });
    expect(Date.now() - driver.latest()!.at).toBeLessThan(200);
  });

  it('with no frames at all, readStable times out at exactly its deadline', async () => {
    vi.useFakeTimers();
    const link = createMemoryLink('quiet');
    const driver = new ContinuousScaleDriver({ transport: link.host, format: 'tf0' });
    stops.push(() => driver.stop());
    driver.start();
    const pending = driver.readStable(1000);
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'timeout', last: null } });
  });

  it('stop() settles a pending readStable as stopped', async () => {
    const { driver } = continuous('tf1');
    driver.start();
    const pending = driver.readStable(5000);
    await driver.stop();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'stopped' } });
  });
});

describe('SicsScaleDriver', () => {
  function sics(options: { timeoutMs?: number; retries?: number } = {}) {
    const link = createMemoryLink('sics');
    const sim = new SicsSimulator(link.device);
    const driver = new SicsScaleDriver({
      transport: link.host,
      timeoutMs: 50,
      retries: 1,
      pollIntervalMs: 5,
      ...options,
    });
    stops.push(
      () => driver.stop(),
      () => sim.stop(),
    );
    sim.start();
    driver.start();
    return { link, sim, driver };
  }

  it('readStable, readImmediate and zero', async () => {
    const { sim, driver } = sics();
    sim.setGrams(7250);
    expect(await driver.readStable(500)).toMatchObject({ ok: true, value: { grams: 7250, stable: true } });
    sim.setMotion(true);
    expect(await driver.readImmediate()).toMatchObject({ ok: true, value: { grams: 7250, stable: false } });
    expect(await driver.zero()).toMatchObject({
      ok: false,
      error: { code: 'device-error', reply: 'Z I' },
    });
    sim.setMotion(false);
    expect(await driver.zero()).toEqual({ ok: true, value: undefined });
    expect(await driver.readStable(500)).toMatchObject({ ok: true, value: { grams: 0 } });
  });

  it('keeps polling S while busy and succeeds once the load settles', async () => {
    const { sim, driver } = sics();
    sim.setGrams(300);
    sim.setMotion(true);
    setTimeout(() => sim.setMotion(false), 60);
    expect(await driver.readStable(1000)).toMatchObject({ ok: true, value: { grams: 300 } });
  });

  it('a silent balance: every attempt times out, then a typed timeout', async () => {
    const { sim, driver } = sics({ retries: 2 });
    sim.setSilent(true);
    expect(await driver.readImmediate()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(driver.health().errorCount).toBe(3);
    expect(driver.health().state).toBe('degraded');
    // readStable keeps asking until its own deadline, then gives the same typed failure.
    const started = Date.now();
    expect(await driver.readStable(300)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('resends after ET and reports ES as a device error', async () => {
    const link = createMemoryLink('sics-et');
    const driver = new SicsScaleDriver({ transport: link.host, timeoutMs: 50, retries: 1 });
    stops.push(
      () => driver.stop(),
      () => link.device.stop(),
    );
    const replies = ['ET', 'S S      1.000 kg', 'ES'];
    let commands = 0;
    link.device.onData(() => {
      commands++;
      void link.device.write(Buffer.from(`${replies.shift()}\r\n`));
    });
    link.device.start();
    driver.start();
    expect(await driver.readImmediate()).toMatchObject({ ok: true, value: { grams: 1000 } });
    expect(commands).toBe(2);
    expect(await driver.zero()).toMatchObject({ ok: false, error: { code: 'device-error', reply: 'ES' } });
  });

  it('requests run one at a time: concurrent calls each get their own reply', async () => {
    const { sim, driver } = sics();
    sim.setGrams(4000);
    const [a, b, c] = await Promise.all([driver.readImmediate(), driver.zero(), driver.readImmediate()]);
    expect(a).toMatchObject({ ok: true, value: { grams: 4000 } });
    expect(b).toMatchObject({ ok: true });
    expect(c).toMatchObject({ ok: true, value: { grams: 0 } });
  });
});

describe('YaohuaCommandDriver', () => {
  function cmd() {
    const link = createMemoryLink('cmd');
    const sim = new YaohuaCommandSimulator(link.device);
    const driver = new YaohuaCommandDriver({
      transport: link.host,
      timeoutMs: 50,
      retries: 1,
      pollIntervalMs: 5,
      stability,
    });
    stops.push(
      () => driver.stop(),
      () => sim.stop(),
    );
    sim.start();
    driver.start();
    return { sim, driver };
  }

  it('handshake, gross, tare and net', async () => {
    const { sim, driver } = cmd();
    sim.setGrams(1500);
    await sim.control('tare');
    sim.setGrams(6500);
    expect(await driver.handshake()).toEqual({ ok: true, value: undefined });
    expect(await driver.readGross()).toMatchObject({
      ok: true,
      value: { grams: 6500, net: false, stability: 'inferred' },
    });
    expect(await driver.readTare()).toEqual({ ok: true, value: 1500 });
    expect(await driver.readNet()).toMatchObject({ ok: true, value: { grams: 5000, net: true } });
  });

  it('readStable polls gross until the same reading holds', async () => {
    const { sim, driver } = cmd();
    sim.setGrams(2340);
    expect(await driver.readStable(1000)).toMatchObject({ ok: true, value: { grams: 2340, stable: true } });
  });

  it('a silent indicator gives a typed timeout after the retries', async () => {
    const { sim, driver } = cmd();
    sim.setSilent(true);
    expect(await driver.handshake()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(driver.health().errorCount).toBe(2);
  });
});
