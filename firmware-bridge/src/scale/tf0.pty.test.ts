import { afterEach, describe, expect, it } from 'vitest';
import { ContinuousScaleDriver } from './continuous-driver.ts';
import { ContinuousScaleSimulator } from './continuous-sim.ts';
import { startPtyRig, waitFor, type PtyRig } from './pty-rig.ts';

// Yaohua tf0 over a real pty: continuous frames, stability inferred.
let rig: PtyRig<ContinuousScaleSimulator, ContinuousScaleDriver> | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

async function start() {
  rig = await startPtyRig({
    createSimulator: (t) => new ContinuousScaleSimulator(t, 'tf0', { intervalMs: 20 }),
    createDriver: (t) =>
      new ContinuousScaleDriver({
        transport: t,
        format: 'tf0',
        stability: { frames: 4, windowMs: 100 },
        freshMs: 100,
      }),
  });
  return rig;
}

describe('tf0 scale over a pty', () => {
  it('happy path: a settled load reads as stable (inferred) in integer grams', async () => {
    const { sim, driver } = await start();
    sim.setGrams(15600);
    const result = await driver.readStable(3000);
    expect(result).toMatchObject({ ok: true, value: { grams: 15600, stable: true, stability: 'inferred' } });
    expect(driver.health().recentFrames.at(-1)).toMatchObject({
      dir: 'rx',
      hex: '02 2B 30 30 31 35 36 30 32 31 42 03',
    });
  });

  it('motion never reads as stable; settling does', async () => {
    const { sim, driver } = await start();
    sim.setGrams(8000);
    sim.setMotion(true);
    expect(await driver.readStable(400)).toMatchObject({
      ok: false,
      error: { code: 'timeout', last: { stable: false } },
    });
    sim.setMotion(false);
    expect(await driver.readStable(3000)).toMatchObject({ ok: true, value: { grams: 8000 } });
  });

  it('timeout: a silent indicator gives a typed timeout', async () => {
    const { sim, driver } = await start();
    sim.setSilent(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(await driver.readStable(300)).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('garbage on the line is counted and decoding carries on', async () => {
    const { sim, driver } = await start();
    sim.setGrams(1230);
    await driver.readStable(3000);
    await sim.injectGarbage();
    await waitFor(() => driver.health().errorCount > 0, 2000, 'a decode error');
    const framesBefore = driver.health().frameCount;
    await waitFor(() => driver.health().frameCount > framesBefore + 5, 2000, 'more frames');
    expect(driver.latest()).toMatchObject({ grams: 1230 });
  });

  it('the device vanishes and comes back; the same driver recovers', async () => {
    const r = await start();
    r.sim.setGrams(4500);
    expect(await r.driver.readStable(3000)).toMatchObject({ ok: true });
    await r.vanish();
    await waitFor(() => r.driver.health().state === 'disconnected', 3000, 'disconnected');
    expect(await r.driver.readStable(200)).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    r.sim.setGrams(4510);
    await r.restore();
    await waitFor(() => r.driver.health().state === 'connected', 5000, 'reconnected');
    expect(await r.driver.readStable(5000)).toMatchObject({ ok: true, value: { grams: 4510 } });
  });
});
