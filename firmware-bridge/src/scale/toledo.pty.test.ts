import { afterEach, describe, expect, it } from 'vitest';
import { ContinuousScaleDriver } from './continuous-driver.ts';
import { ContinuousScaleSimulator } from './continuous-sim.ts';
import { startPtyRig, waitFor, type PtyRig } from './pty-rig.ts';

// Mettler-Toledo continuous output over a real pty: stability from SWB's motion bit.
let rig: PtyRig<ContinuousScaleSimulator, ContinuousScaleDriver> | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

async function start() {
  rig = await startPtyRig({
    createSimulator: (t) => new ContinuousScaleSimulator(t, 'toledo', { intervalMs: 20 }),
    createDriver: (t) => new ContinuousScaleDriver({ transport: t, format: 'toledo', freshMs: 100 }),
  });
  return rig;
}

describe('Toledo scale over a pty', () => {
  it('happy path: the golden stable frame arrives and reads as 12340 g', async () => {
    const { sim, driver } = await start();
    sim.setGrams(12340);
    expect(await driver.readStable(2000)).toMatchObject({
      ok: true,
      value: { grams: 12340, stable: true, stability: 'device', overload: false },
    });
    expect(driver.health().recentFrames.at(-1)?.hex).toBe(
      '02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B',
    );
  });

  it('motion flag: no stable reading while moving; overload is its own failure', async () => {
    const { sim, driver } = await start();
    sim.setGrams(500);
    sim.setMotion(true);
    expect(await driver.readStable(300)).toMatchObject({ ok: false, error: { code: 'timeout' } });
    sim.setMotion(false);
    sim.setOverload(true);
    expect(await driver.readStable(300)).toMatchObject({ ok: false, error: { code: 'overload' } });
  });

  it('timeout: a silent terminal gives a typed timeout', async () => {
    const { sim, driver } = await start();
    sim.setSilent(true);
    await new Promise((r) => setTimeout(r, 150));
    expect(await driver.readStable(300)).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('garbage on the line is counted and decoding carries on', async () => {
    const { sim, driver } = await start();
    sim.setGrams(770);
    await driver.readStable(2000);
    await sim.injectGarbage();
    await waitFor(() => driver.health().errorCount > 0, 2000, 'a decode error');
    await new Promise((r) => setTimeout(r, 150));
    expect(await driver.readStable(2000)).toMatchObject({ ok: true, value: { grams: 770 } });
  });

  it('the device vanishes and comes back; the same driver recovers', async () => {
    const r = await start();
    r.sim.setGrams(2000);
    expect(await r.driver.readStable(2000)).toMatchObject({ ok: true });
    await r.vanish();
    await waitFor(() => r.driver.health().state === 'disconnected', 3000, 'disconnected');
    r.sim.setGrams(2500);
    await r.restore();
    await waitFor(() => r.driver.health().state === 'connected', 5000, 'reconnected');
    expect(await r.driver.readStable(5000)).toMatchObject({ ok: true, value: { grams: 2500 } });
  });
});
