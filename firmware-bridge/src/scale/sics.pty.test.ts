import { afterEach, describe, expect, it } from 'vitest';
import { startPtyRig, waitFor, type PtyRig } from './pty-rig.ts';
import { SicsScaleDriver } from './sics-driver.ts';
import { SicsSimulator } from './sics-sim.ts';

// MT-SICS over a real pty: command/response, zero, retries.
let rig: PtyRig<SicsSimulator, SicsScaleDriver> | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

async function start() {
  rig = await startPtyRig({
    createSimulator: (t) => new SicsSimulator(t),
    createDriver: (t) =>
      new SicsScaleDriver({ transport: t, timeoutMs: 200, retries: 1, pollIntervalMs: 20 }),
  });
  return rig;
}

describe('MT-SICS balance over a pty', () => {
  it('happy path: S reads a stable weight, Z zeroes it, SI reads immediately', async () => {
    const { sim, driver } = await start();
    sim.setGrams(12340);
    expect(await driver.readStable(2000)).toMatchObject({ ok: true, value: { grams: 12340, stable: true } });
    expect(await driver.zero()).toEqual({ ok: true, value: undefined });
    sim.setGrams(13340);
    expect(await driver.readImmediate()).toMatchObject({ ok: true, value: { grams: 1000 } });
    expect(driver.health().recentFrames.map((f) => f.dir)).toContain('tx');
  });

  it('zero is refused while the load moves (Z I)', async () => {
    const { sim, driver } = await start();
    sim.setMotion(true);
    expect(await driver.zero()).toMatchObject({ ok: false, error: { code: 'device-error', reply: 'Z I' } });
  });

  it('timeout: a silent balance gives a typed timeout after the retry', async () => {
    const { sim, driver } = await start();
    sim.setSilent(true);
    const started = Date.now();
    expect(await driver.readImmediate()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(driver.health().errorCount).toBe(2);
    expect(await driver.readStable(500)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    sim.setSilent(false);
    expect(await driver.readStable(2000)).toMatchObject({ ok: true });
  });

  it('garbage on the line is counted and the next command still works', async () => {
    const { sim, driver } = await start();
    sim.setGrams(640);
    await sim.injectGarbage();
    await waitFor(() => driver.health().errorCount > 0, 2000, 'a decode error');
    expect(await driver.readStable(2000)).toMatchObject({ ok: true, value: { grams: 640 } });
  });

  it('the device vanishes and comes back; the same driver recovers', async () => {
    const r = await start();
    r.sim.setGrams(900);
    expect(await r.driver.readStable(2000)).toMatchObject({ ok: true });
    await r.vanish();
    await waitFor(() => r.driver.health().state === 'disconnected', 3000, 'disconnected');
    expect(await r.driver.readImmediate()).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    await r.restore();
    await waitFor(() => r.driver.health().state === 'connected', 5000, 'reconnected');
    expect(await r.driver.readStable(5000)).toMatchObject({ ok: true, value: { grams: 900 } });
  });
});
