import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import { Em4100Driver, type CardEvent } from './em4100-driver.ts';
import { Em4100Simulator } from './em4100-simulator.ts';

const waitFor = async (predicate: () => boolean, timeoutMs = 5000, what = 'condition') => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('EM4100 driver against its simulator over a socat pty', () => {
  let dir: string;
  let pty: PtyPair | null;
  let driver: Em4100Driver;
  let simulator: Em4100Simulator;
  let events: CardEvent[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-'));
    pty = await startPtyPair(join(dir, 'reader'), join(dir, 'host'));
    simulator = new Em4100Simulator(
      new SerialTransport({ path: pty.devicePath, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 }),
      { repeatMs: 50 },
    );
    driver = new Em4100Driver(
      new SerialTransport({ path: pty.hostPath, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 }),
      { leaveAfterMs: 200 },
    );
    events = [];
    driver.onCard((event) => events.push(event));
    simulator.start();
    driver.start();
    await waitFor(() => driver.health().state === 'connected', 5000, 'driver connected');
  });

  afterEach(async () => {
    await driver.stop();
    await simulator.stop();
    await pty?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('emits one card.presented per presentation however often the reader repeats the frame', async () => {
    simulator.present('0F0030C2A4');
    await new Promise((resolve) => setTimeout(resolve, 400)); // ~8 repeated frames
    simulator.remove();
    await waitFor(() => events.length === 2, 3000, 'card removed');
    expect(events.map((e) => [e.type, e.uid])).toEqual([
      ['card.presented', '0F0030C2A4'],
      ['card.removed', '0F0030C2A4'],
    ]);
    expect(driver.health().frameCount).toBeGreaterThan(3);

    // Re-armed: the same card presented again is a new presentation.
    simulator.tap('0F0030C2A4');
    await waitFor(() => events.length === 4, 3000, 'second presentation');
    expect(events[2]).toMatchObject({ type: 'card.presented', uid: '0F0030C2A4' });
  });

  it('reports nothing while the reader is silent (no card, no false event)', async () => {
    simulator.setSilent(true);
    simulator.present('0F0030C2A4');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual([]);
  });

  it('counts garbage on the line as errors and still reads the next card', async () => {
    await simulator.sendGarbage(Uint8Array.from([0x02, 0x41, 0x42, 0xff, 0x00, 0x03, 0x30]));
    await simulator.sendGarbage(Uint8Array.from(Array.from({ length: 20 }, () => 0x33)));
    simulator.tap('1122334455');
    await waitFor(() => events.some((e) => e.type === 'card.presented'), 3000, 'card after garbage');
    expect(events[0]).toMatchObject({ uid: '1122334455' });
    expect(driver.health().errorCount).toBeGreaterThan(0);
  });

  it('recovers when the device vanishes and comes back, without restarting the driver', async () => {
    await pty!.stop();
    pty = null;
    await waitFor(() => driver.health().state === 'disconnected', 5000, 'driver disconnected');
    expect(driver.health().lastError).toBeTruthy();

    pty = await startPtyPair(join(dir, 'reader'), join(dir, 'host'));
    await waitFor(() => driver.health().state === 'connected', 8000, 'driver reconnected');
    // The simulator's own transport reconnects too; give it a moment then tap.
    const before = events.length;
    const deadline = Date.now() + 8000;
    while (!events.slice(before).some((e) => e.type === 'card.presented')) {
      if (Date.now() > deadline) throw new Error('no card after reconnect');
      simulator.tap('0F0030C2A4');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(events.slice(before).find((e) => e.type === 'card.presented')).toMatchObject({
      uid: '0F0030C2A4',
    });
  });
});
