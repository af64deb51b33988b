import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import { IdCardDriver, type IdCardEvent } from './driver.ts';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.ts';

// Asymmetric matchers are typed any; wrapping them keeps the assertions lint-clean.
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

// The driver against its simulator over a socat pty pair at 115200 8N1: the
// driver opens the host end exactly as it would open /dev/ttyUSB0.

const waitFor = async (predicate: () => boolean, timeoutMs = 5000, what = 'condition') => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serial = (path: string) =>
  new SerialTransport({ path, baudRate: 115200, reconnectBaseMs: 20, reconnectCapMs: 100 });

describe('ID card driver against its simulator over a socat pty', () => {
  let dir: string;
  let pty: PtyPair | null;
  let driver: IdCardDriver;
  let simulator: IdCardSimulator;
  let events: IdCardEvent[];
  const reads = () => events.filter((e) => e.type === 'idcard.read');
  const faults = () => events.flatMap((e) => (e.type === 'idcard.fault' ? [e.fault] : []));

  async function begin(simOptions: IdCardSimulatorOptions = {}) {
    simulator = new IdCardSimulator(serial(pty!.devicePath), { readDelayMs: 30, ...simOptions });
    driver = new IdCardDriver(serial(pty!.hostPath), {
      pollIntervalMs: 50,
      timeoutsMs: { find: 500, select: 500, read: 2000 },
    });
    driver.onEvent((event) => events.push(event));
    simulator.start();
    driver.start();
    await waitFor(() => driver.health().state === 'connected', 5000, 'driver connected');
    // The simulator's end opens on its own schedule: wait for the first answered find.
    await waitFor(() => driver.health().frameCount > 0, 5000, 'first reply');
  }

  /** Lift the card and wait until the driver has seen the empty field. */
  async function lift() {
    simulator.remove();
    const finds = simulator.requestCount('find');
    await waitFor(() => simulator.requestCount('find') > finds + 1, 3000, 'driver to poll the empty field');
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-idcard-'));
    pty = await startPtyPair(join(dir, 'reader'), join(dir, 'host'));
    events = [];
  });

  afterEach(async () => {
    await driver?.stop();
    await simulator?.stop();
    await pty?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a presented card once; the same card reads again only after it was lifted', async () => {
    await begin();
    await simulator.control('present 0');
    await waitFor(() => reads().length === 1, 3000, 'first read');
    expect(reads()[0]).toMatchObject({
      type: 'idcard.read',
      cardType: 'resident',
      name: '测试甲一',
      idNumberValid: true,
    });
    await sleep(500); // ~10 poll cycles with the card lying on the reader
    expect(reads()).toHaveLength(1);
    await lift();
    await simulator.control('present 0');
    await waitFor(() => reads().length === 2, 3000, 'second read');
    expect(faults()).toEqual([]);
    expect(driver.health()).toMatchObject({ state: 'connected', errorCount: 0 });
  });

  it('holds the lift rule itself against a reader that keeps finding the card', async () => {
    await begin({ liftRequired: false });
    simulator.present(5);
    await waitFor(() => reads().length === 1, 3000, 'first read');
    await sleep(500);
    expect(reads()).toHaveLength(1);
    expect(simulator.requestCount('read-base')).toBe(1);
    await lift();
    simulator.present(4);
    await waitFor(() => reads().length === 2, 3000, 'second read');
    expect(reads().map((r) => r.cardType)).toEqual(['foreign-2023', 'foreign-2017']);
  });

  it('times out on a silent reader, reports it once, and reads when it answers again', async () => {
    await begin();
    for (let i = 0; i < 3; i++) await simulator.control('fault silence');
    await waitFor(() => faults().length === 1, 5000, 'timeout fault');
    expect(faults()[0]).toMatchObject({ code: 'timeout', command: 'find', attempts: 3 });
    expect(driver.health().errorCount).toBeGreaterThanOrEqual(3);
    simulator.present(1);
    await waitFor(() => reads().length === 1, 3000, 'read after the silence');
    expect(driver.health().state).toBe('connected');
  });

  it('reads through garbage on the line and damaged replies', async () => {
    await begin();
    await simulator.sendGarbage(Uint8Array.from([0xff, 0x00, 0xaa, 0xaa, 0xaa, 0x96]));
    await simulator.sendGarbage(Uint8Array.from([0x69, 0x00, 0x03, 0x20]));
    await simulator.control('fault garbage select');
    await simulator.control('fault checksum read-base');
    simulator.present(2);
    await waitFor(() => reads().length === 1, 5000, 'read through garbage');
    expect(reads()[0]).toMatchObject({ name: '测试丙三', idNumber: matching(/X$/) });
    expect(driver.health().errorCount).toBeGreaterThanOrEqual(2);
    expect(faults()).toEqual([]);
  });

  it('reports a card lifted mid-read and reads it when presented again', async () => {
    await begin();
    await simulator.control('fault removed-mid-read');
    await simulator.control('present 3');
    await waitFor(() => faults().length === 1, 3000, 'card-removed fault');
    expect(faults()[0]).toMatchObject({ code: 'card-removed' });
    expect(reads()).toEqual([]);
    await simulator.control('present 3');
    await waitFor(() => reads().length === 1, 3000, 'read after re-presenting');
    expect(reads()[0]).toMatchObject({ cardType: 'permit-hmt' });
  });

  it('recovers when the reader vanishes and comes back, without restarting the driver', async () => {
    await begin();
    await pty!.stop();
    pty = null;
    await waitFor(() => driver.health().state === 'disconnected', 5000, 'driver disconnected');
    expect(driver.health().lastError).toBeTruthy();

    pty = await startPtyPair(join(dir, 'reader'), join(dir, 'host'));
    await waitFor(() => driver.health().state === 'connected', 8000, 'driver reconnected');
    simulator.present(0);
    await waitFor(() => reads().length === 1, 8000, 'read after reconnect');
    expect(reads()[0]).toMatchObject({ name: '测试甲一' });
  });
});
