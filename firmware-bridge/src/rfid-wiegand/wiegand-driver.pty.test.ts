import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import type { WiegandFormat } from './wiegand-codec.ts';
import { WiegandDriver, type WiegandCardEvent } from './wiegand-driver.ts';
import { WiegandSimulator } from './wiegand-simulator.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = async (predicate: () => boolean, timeoutMs = 5000, what = 'condition') => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

describe.each<WiegandFormat>(['hex6', 'dec10'])(
  'Wiegand driver (%s) against its simulator over a socat pty',
  (format) => {
    let dir: string;
    let pty: PtyPair | null = null;
    let driver: WiegandDriver | null = null;
    let simulator: WiegandSimulator | null = null;
    let events: WiegandCardEvent[];

    const serial = (path: string) =>
      new SerialTransport({ path, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 });

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'yf-'));
      pty = await startPtyPair(join(dir, 'converter'), join(dir, 'host'));
      simulator = new WiegandSimulator(serial(pty.devicePath), format);
      driver = new WiegandDriver(serial(pty.hostPath), { format, debounceMs: 300 });
      events = [];
      driver.onCard((event) => events.push(event));
      simulator.start();
      driver.start();
      await waitFor(() => driver!.health().state === 'connected', 5000, 'driver connected');
      await waitFor(() => simulator!.snapshot().link === 'connected', 5000, 'simulator connected');
    });

    afterEach(async () => {
      try {
        await driver?.stop();
        await simulator?.stop();
      } finally {
        await pty?.stop();
        pty = null;
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('reads a card once per presentation with facility code and card number', async () => {
      expect(await simulator!.control('present 123 4567')).toMatchObject({ ok: true });
      await simulator!.control('present 123 4567'); // a reader repeating a held card
      await waitFor(() => events.length >= 1, 3000, 'card event');
      await sleep(100);
      expect(events.map(({ uid, facility, card }) => ({ uid, facility, card }))).toEqual([
        { uid: '7B11D7', facility: 123, card: 4567 },
      ]);
      expect(driver!.health()).toMatchObject({ state: 'connected', frameCount: 2, errorCount: 0 });

      await sleep(350); // past the debounce window: a new presentation
      await simulator!.control('present-uid 7B11D7');
      await waitFor(() => events.length === 2, 3000, 'second presentation');
    });

    it('reports nothing while the converter is silent (no card, no false event)', async () => {
      simulator!.setSilent(true);
      await simulator!.present({ facility: 1, card: 1 });
      await sleep(400);
      expect(events).toEqual([]);
      expect(driver!.health().frameCount).toBe(0);
    });

    it('counts garbage on the line as errors and still reads the next card', async () => {
      await simulator!.sendGarbage();
      await simulator!.sendGarbage(Uint8Array.from([0xff, 0x00, 0x80, 0x31, 0x0d]));
      await simulator!.present({ facility: 18, card: 12345 });
      await waitFor(() => events.length === 1, 3000, 'card after garbage');
      expect(events[0]).toMatchObject({ uid: '123039', facility: 18, card: 12345 });
      expect(driver!.health().errorCount).toBeGreaterThanOrEqual(2);
    });

    it('recovers when the converter vanishes and comes back, without restarting the driver', async () => {
      await pty!.stop();
      pty = null;
      await waitFor(() => driver!.health().state === 'disconnected', 5000, 'driver disconnected');
      expect(driver!.health().lastError).toBeTruthy();

      pty = await startPtyPair(join(dir, 'converter'), join(dir, 'host'));
      await waitFor(() => driver!.health().state === 'connected', 8000, 'driver reconnected');
      await waitFor(() => simulator!.snapshot().link === 'connected', 8000, 'simulator reconnected');
      // Both ends reopen independently; retry until a read gets through.
      const deadline = Date.now() + 8000;
      while (events.length === 0) {
        if (Date.now() > deadline) throw new Error('no card after reconnect');
        await simulator!.present({ facility: 255, card: 65535 });
        await sleep(300);
      }
      expect(events[0]).toMatchObject({ uid: 'FFFFFF', facility: 255, card: 65535 });
    });
  },
);
