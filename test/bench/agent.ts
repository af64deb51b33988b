/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { SimulatedStation } from '../harness/station.ts';
import { freePort } from '../harness/free-port.ts';
import { rssBytes } from '../harness/process-memory.ts';
import { fakeCardKey } from '../harness/edge-in-process.ts';
import { launchChromium } from '../harness/browser.ts';
import { median, percentile } from './stats.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** ms from spawning the agent process to its "agent ready" line, `runs` times. */
export async function agentStartToReady(mqttUrl: string, runs: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-start-'));
  const station = await SimulatedStation.start({ dir, stationId: 'BENCH-START', mqttUrl });
  const times: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      await station.stopAgent();
      const started = performance.now();
      await station.startAgent();
      times.push(performance.now() - started);
    }
  } finally {
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

/** Agent RSS with `backlog` unsent events and no broker to send them to. */
export async function agentRssAtBacklog(backlog: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-rss-'));
  const unreachable = `mqtt://127.0.0.1:${await freePort()}`;
  const station = await SimulatedStation.start({ dir, stationId: 'BENCH-RSS', mqttUrl: unreachable });
  try {
    await station.stopAgent();
    const db = openDatabase(station.databaseFile);
    const outbox = new Outbox(db, 'BENCH-RSS');
    const batch = 50_000;
    for (let done = 0; done < backlog; done += batch) {
      db.transaction(() => {
        for (let i = done + 1; i <= Math.min(backlog, done + batch); i++) {
          outbox.append('card.presented', { cardKey: fakeCardKey(i), reader: 'bench' });
        }
      })();
    }
    db.close();
    const agent = await station.startAgent();
    await sleep(3000); // a few reconnect attempts and status computations with the backlog in place
    return rssBytes(agent.process.child.pid!);
  } finally {
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Card to screen: from the moment the simulator's frame is written to the
 * pty until the kiosk's DOM shows that card's record, measured on one clock.
 */
export async function cardToScreen(
  mqttUrl: string,
  taps: number,
): Promise<{ p50: number; p95: number; kioskLoadMs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-card-'));
  const station = await SimulatedStation.start({ dir, stationId: 'BENCH-CARD', mqttUrl });
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const kioskLoadMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      await page.goto(i === 0 ? station.agent!.kioskUrl : station.agent!.apiUrl);
      await page.getByTestId('attract').waitFor();
      kioskLoadMs.push(performance.now() - started);
    }
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __seen: Record<string, number> }).__seen = seen;
      new MutationObserver(() => {
        const seq = document.querySelector('[data-testid="card-seq"]')?.textContent;
        if (seq && !(seq in seen)) seen[seq] = Date.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const latencies: number[] = [];
    for (let i = 1; i <= taps; i++) {
      const uid = (0x2000000000 + i).toString(16).toUpperCase();
      const written = Date.now();
      station.reader.present(uid);
      const shownAt = await page.waitForFunction(
        (seq) => (window as unknown as { __seen: Record<string, number> }).__seen[String(seq)],
        i,
        { timeout: 10_000, polling: 5 },
      );
      latencies.push(((await shownAt.jsonValue()) as number) - written);
      station.reader.remove();
      await sleep(600); // let the card leave the field
    }
    return { p50: median(latencies), p95: percentile(latencies, 95), kioskLoadMs };
  } finally {
    await browser.close();
    await station.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
