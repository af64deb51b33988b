import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';

const STATION = 'E2E-IDLE';

/**
 * A resident walks away: the kiosk asks "still there?", counts down, tells
 * the agent the session ended, and leaves no trace of them — not in the DOM,
 * not in any browser store (seeded here with the card ref, as a leak would).
 */
describe('kiosk idle timeout and session wipe (real agent, reader simulator, Chromium)', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let station: SimulatedStation;
  let browser: BrowserHandle;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-e2e-kiosk-idle-'));
    broker = await startMosquitto();
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A logged-in kiosk page at `query`, recording what it sends to the agent. */
  async function openKiosk(query: string): Promise<{ page: Page; sent: string[] }> {
    const page = await browser.context.newPage();
    const sent: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => sent.push(String(frame.payload))));
    await page.goto(station.agent!.kioskUrl);
    await page.goto(`${station.agent!.apiUrl}/${query}`);
    await page.getByTestId('attract').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="banner-connecting"]'));
    return { page, sent };
  }

  async function tapCard(page: Page, uid: string): Promise<string> {
    station.reader.tap(uid);
    await page.getByTestId('card-seen').waitFor({ timeout: 10_000 });
    const ref = (await page.getByTestId('card-ref').textContent()) ?? '';
    expect(ref).toMatch(/^[0-9a-f]{8}$/);
    return ref;
  }

  it('after the idle time and countdown it ends the session and wipes DOM, storage, IndexedDB and caches', async () => {
    const { page, sent } = await openKiosk('?idle=3&countdown=3');
    try {
      const ref = await tapCard(page, DEMO_CARDS[1]);

      // Simulate a leak of resident data into every browser store.
      await page.evaluate(async (leaked) => {
        localStorage.setItem('resident', leaked);
        sessionStorage.setItem('resident', leaked);
        await new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('leaky-db', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('cards');
          open.onerror = () => reject(open.error ?? new Error('open failed'));
          open.onsuccess = () => {
            const tx = open.result.transaction('cards', 'readwrite');
            tx.objectStore('cards').put(leaked, 'last');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
          };
        });
        const cache = await caches.open('leaky-cache');
        await cache.put(new Request('/leak'), new Response(leaked));
      }, ref);
      expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(1);
      expect(await page.evaluate(async () => (await caches.keys()).length)).toBe(1);

      // The "still there?" dialog with its countdown comes first …
      await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
      expect(await page.getByTestId('idle-dialog').innerText()).toContain('还在吗？');
      expect(Number(await page.getByTestId('idle-countdown').textContent())).toBeGreaterThan(0);
      // … then the attract screen, with nothing of the resident left.
      await page.getByTestId('attract').waitFor({ timeout: 10_000 });
      await expect
        .poll(() => sent.filter((frame) => frame.includes('session.end')))
        .toEqual([JSON.stringify({ type: 'session.end', reason: 'idle' })]);
      expect(await page.getByTestId('idle-dialog').count()).toBe(0);
      expect(await page.getByTestId('card-seen').count()).toBe(0);
      expect(await page.content()).not.toContain(ref);

      const stores = await page.evaluate(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        databases: (await indexedDB.databases()).map((db) => db.name),
        caches: await caches.keys(),
      }));
      expect(stores).toEqual({ local: 0, session: 0, databases: [], caches: [] });
    } finally {
      await page.close();
    }
  });

  it('"continue" in the countdown dialog keeps the session', async () => {
    const { page, sent } = await openKiosk('?idle=2&countdown=30');
    try {
      const ref = await tapCard(page, DEMO_CARDS[2]);
      await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
      await page.getByTestId('idle-continue').click();
      expect(await page.getByTestId('idle-dialog').count()).toBe(0);
      expect(await page.getByTestId('card-ref').textContent()).toBe(ref);
      expect(sent.some((frame) => frame.includes('session.end'))).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('"finish" ends the session at once with reason finished and wipes the screen', async () => {
    const { page, sent } = await openKiosk('?idle=600');
    try {
      const ref = await tapCard(page, DEMO_CARDS[0]);
      await page.getByTestId('finish').click();
      await page.getByTestId('attract').waitFor();
      await expect
        .poll(() => sent.filter((frame) => frame.includes('session.end')))
        .toEqual([JSON.stringify({ type: 'session.end', reason: 'finished' })]);
      expect(await page.content()).not.toContain(ref);
    } finally {
      await page.close();
    }
  });

  it('keys typed by a keyboard-wedge reader outside a text field do not press the focused button', async () => {
    const { page } = await openKiosk('?idle=600');
    try {
      // Not the card of the previous test: the reader reports one card once per presentation.
      await tapCard(page, DEMO_CARDS[1]);
      await page.getByTestId('finish').focus();
      // A wedge reader "types" the card number and Enter into the focused window.
      await page.keyboard.type('0012345678');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Space');
      expect(await page.getByTestId('card-seen').isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
