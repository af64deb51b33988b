import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../device.ts';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import type { ScaleDriver } from './driver-types.ts';

/**
 * A driver and a simulator joined by a real socat pty pair, for the
 * `*.pty.test.ts` suites. Both ends use SerialTransport with a short
 * reconnect delay, so `vanish()` + `restore()` exercise the real reconnect
 * path. `cleanup()` stops everything and is safe to call twice.
 */
export interface PtyRig<S extends Simulator, D extends ScaleDriver> {
  sim: S;
  driver: D;
  /** Kill socat: both pty links disappear, as when the USB adapter is pulled. */
  vanish(): Promise<void>;
  /** A new socat on the same paths: the device is back (resolves once both ends reopened). */
  restore(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startPtyRig<S extends Simulator, D extends ScaleDriver>(setup: {
  createSimulator(transport: SerialTransport): S;
  createDriver(transport: SerialTransport): D;
}): Promise<PtyRig<S, D>> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-'));
  const devicePath = join(dir, 'scale-device');
  const hostPath = join(dir, 'scale-host');
  let pair: PtyPair | null = await startPtyPair(devicePath, hostPath);
  const serial = (path: string) =>
    new SerialTransport({ path, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 });
  const deviceTransport = serial(devicePath);
  const sim = setup.createSimulator(deviceTransport);
  const driver = setup.createDriver(serial(hostPath));
  const bothConnected = () =>
    driver.health().state === 'connected' && deviceTransport.health().state === 'connected';
  let cleaned = false;
  const rig: PtyRig<S, D> = {
    sim,
    driver,
    vanish: async () => {
      await pair?.stop();
      pair = null;
    },
    restore: async () => {
      pair = await startPtyPair(devicePath, hostPath);
      await waitFor(bothConnected, 5000, 'both ends to reopen their ports');
    },
    cleanup: async () => {
      if (cleaned) return;
      cleaned = true;
      const results = await Promise.allSettled([driver.stop(), sim.stop()]);
      await pair?.stop();
      rmSync(dir, { recursive: true, force: true });
      for (const result of results) if (result.status === 'rejected') throw result.reason;
    },
  };
  try {
    sim.start();
    driver.start();
    await waitFor(bothConnected, 5000, 'both ends to open their ports');
    return rig;
  } catch (error) {
    await rig.cleanup();
    throw error;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
