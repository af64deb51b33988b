import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import { BinController } from './bin-controller.ts';
import { BinPoller, type BinEvent } from './bin-poller.ts';
import { BinSimulator } from './bin-simulator.ts';
import { ModbusMaster } from './modbus-master.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = async (predicate: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
};
const serial = (path: string) =>
  new SerialTransport({ path, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 });

describe('bin controller driver against its simulator over a socat pty', () => {
  let dir: string;
  let pty: PtyPair | null;
  let simulator: BinSimulator;
  let master: ModbusMaster;
  let bin: BinController;
  let poller: BinPoller | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-'));
    pty = await startPtyPair(join(dir, 'bin'), join(dir, 'host'));
    simulator = new BinSimulator(serial(pty.devicePath), {
      compartments: 2,
      lidTravelMs: 300,
      autoCloseSeconds: 1,
    });
    master = new ModbusMaster(serial(pty.hostPath), { timeoutMs: 250, retries: 1 });
    bin = new BinController(master);
    poller = null;
    simulator.start();
    master.start();
    await waitFor(() => master.health().state === 'connected', 5000, 'master connected');
    // The simulator opens its end independently; wait until it answers.
    const deadline = Date.now() + 5000;
    while ((await bin.mapVersion()).code !== 'ok') {
      if (Date.now() > deadline) throw new Error('simulator never answered');
      await delay(20);
    }
  });

  afterEach(async () => {
    await poller?.stop();
    await master.stop();
    await simulator.stop();
    await pty?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a lid and watches it go opening → open → closing → closed by auto-close', async () => {
    const events: BinEvent[] = [];
    poller = new BinPoller(bin, { compartments: [0], intervalMs: 50 });
    poller.onEvent((event) => events.push(event));
    poller.start();
    await waitFor(() => poller!.last(0) !== null, 2000, 'baseline read');
    expect(await bin.openLid(0)).toEqual({ code: 'ok', value: null });
    await waitFor(
      () => events.some((e) => e.type === 'lid-changed' && e.to === 'closed'),
      5000,
      'auto-close',
    );
    expect(events.map((e) => (e.type === 'lid-changed' ? e.to : e.type))).toEqual([
      'opening',
      'open',
      'closing',
      'closed',
    ]);
    expect(master.health()).toMatchObject({ state: 'connected', errorCount: 0 });
  });

  it('gets an exception reply for a bad address, with the golden bytes on the wire', async () => {
    const result = await master.request({ type: 'read-request', unit: 1, fn: 3, address: 0x50, count: 2 });
    expect(result).toEqual({ code: 'exception', exception: 2, name: 'illegal-address' });
    const frames = master.health().recentFrames.slice(-2);
    expect(frames.map((f) => [f.dir, f.hex])).toEqual([
      ['tx', '01 03 00 50 00 02 C4 1A'],
      ['rx', '01 83 02 C0 F1'],
    ]);
  });

  it('times out while the controller is silent and recovers when it speaks again', async () => {
    simulator.setSilent(true);
    const started = Date.now();
    expect(await bin.status()).toEqual({ code: 'timeout', attempts: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(480);
    simulator.setSilent(false);
    expect(await bin.status()).toMatchObject({ code: 'ok', value: { ok: true } });
  });

  it('reads through garbage on the line and reports corrupt replies as crc-error', async () => {
    await simulator.sendGarbage();
    await simulator.sendGarbage(Uint8Array.from([0x01, 0x03, 0xf8, 0x00]));
    expect(await bin.compartment(1)).toMatchObject({ code: 'ok', value: { lid: 'closed' } });
    expect(master.health().errorCount).toBeGreaterThan(0);
    simulator.setCorrupt(true);
    expect(await bin.mapVersion()).toMatchObject({ code: 'crc-error', attempts: 2 });
    simulator.setCorrupt(false);
    expect(await bin.mapVersion()).toEqual({ code: 'ok', value: 1 });
  });

  it('reports disconnected when the device vanishes and recovers when it comes back, without a restart', async () => {
    await pty!.stop();
    pty = null;
    // An idle serialport does not always notice its pty hanging up; the next write (EIO) always does.
    // So the next request is what finds the device gone, as a poller's would.
    expect(await bin.mapVersion()).toMatchObject({ code: 'disconnected' });
    await waitFor(() => master.health().state === 'disconnected', 5000, 'master disconnected');
    expect(master.health().lastError).toBeTruthy();

    pty = await startPtyPair(join(dir, 'bin'), join(dir, 'host'));
    await waitFor(() => master.health().state === 'connected', 8000, 'master reconnected');
    // The simulator's own transport reconnects on its own schedule; retry until it answers.
    const deadline = Date.now() + 8000;
    let result = await bin.mapVersion();
    while (result.code !== 'ok' && Date.now() < deadline) {
      await delay(100);
      result = await bin.mapVersion();
    }
    expect(result).toEqual({ code: 'ok', value: 1 });
  });
});
