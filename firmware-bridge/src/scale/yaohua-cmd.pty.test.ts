import { afterEach, describe, expect, it } from 'vitest';
import { startPtyRig, waitFor, type PtyRig } from './pty-rig.ts';
import { YaohuaCommandDriver } from './yaohua-cmd-driver.ts';
import { YaohuaCommandSimulator } from './yaohua-cmd-sim.ts';

// Yaohua XK3190 command mode over a real pty.
let rig: PtyRig<YaohuaCommandSimulator, YaohuaCommandDriver> | null = null;
afterEach(async () => {
  await rig?.cleanup();
  rig = null;
});

async function start() {
  rig = await startPtyRig({
    createSimulator: (t) => new YaohuaCommandSimulator(t),
    createDriver: (t) =>
      new YaohuaCommandDriver({
        transport: t,
        timeoutMs: 200,
        retries: 1,
        pollIntervalMs: 20,
        stability: { frames: 3, windowMs: 60 },
      }),
  });
  return rig;
}

describe('XK3190 command mode over a pty', () => {
  it('happy path: the golden handshake and read-gross requests go out and get answers', async () => {
    const { sim, driver } = await start();
    sim.setGrams(15600);
    expect(await driver.handshake()).toEqual({ ok: true, value: undefined });
    expect(
      driver
        .health()
        .recentFrames.filter((f) => f.dir === 'tx')
        .at(-1)?.hex,
    ).toBe('02 41 41 30 30 03');
    expect(await driver.readStable(2000)).toMatchObject({ ok: true, value: { grams: 15600, stable: true } });
    expect(
      driver
        .health()
        .recentFrames.filter((f) => f.dir === 'tx')
        .at(-1)?.hex,
    ).toBe('02 41 42 30 33 03');
    await sim.control('tare');
    sim.setGrams(20600);
    expect(await driver.readTare()).toEqual({ ok: true, value: 15600 });
    expect(await driver.readNet()).toMatchObject({ ok: true, value: { grams: 5000, net: true } });
  });

  it('timeout: a silent indicator gives a typed timeout after the retry', async () => {
    const { sim, driver } = await start();
    sim.setSilent(true);
    expect(await driver.readGross()).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(driver.health().errorCount).toBe(2);
    sim.setSilent(false);
    expect(await driver.readGross()).toMatchObject({ ok: true });
  });

  it('garbage on the line is counted and the next request still works', async () => {
    const { sim, driver } = await start();
    sim.setGrams(300);
    await sim.injectGarbage();
    await waitFor(() => driver.health().errorCount > 0, 2000, 'a decode error');
    expect(await driver.readGross()).toMatchObject({ ok: true, value: { grams: 300 } });
  });

  it('the device vanishes and comes back; the same driver recovers', async () => {
    const r = await start();
    r.sim.setGrams(1100);
    expect(await r.driver.readGross()).toMatchObject({ ok: true });
    await r.vanish();
    await waitFor(() => r.driver.health().state === 'disconnected', 3000, 'disconnected');
    expect(await r.driver.readGross()).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    await r.restore();
    await waitFor(() => r.driver.health().state === 'connected', 5000, 'reconnected');
    expect(await r.driver.readStable(5000)).toMatchObject({ ok: true, value: { grams: 1100 } });
  });
});
