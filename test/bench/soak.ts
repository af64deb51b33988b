/// <reference lib="dom" />
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CDPSession, Page } from 'playwright-core';
import { cardKey, type CardBinding } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import { ReferenceCentral } from '../central-sim/central.ts';
import { launchChromium } from '../harness/browser.ts';
import { waitFor } from '../harness/free-port.ts';
import { INSPECT_NODE_OPTIONS, NodeInspector } from '../harness/node-inspector.ts';
import { rssBytes } from '../harness/process-memory.ts';
import type { ManagedProcess } from '../harness/process.ts';
import { SimulatedStation } from '../harness/station.ts';
import { leastSquaresSlope, round } from './stats.ts';

const STATION = 'BENCH-SOAK';
const MiB = 2 ** 20;

export interface SoakOptions {
  sessions: number;
  /** Memory is sampled before the first session and after every `sampleEvery` sessions. */
  sampleEvery: number;
  /** Samples before this many sessions are left out of the slope (JIT, caches and pools warming up). */
  warmUpSessions: number;
  /**
   * Distinct cards, used round-robin. The agent ignores the same card within
   * the rules' `repeatTapIgnoreMs` (3 s), so a card must come round less often.
   */
  cards: number;
}

/** Bytes of each process after a forced full GC, `sessions` sessions in. */
export interface SoakSample {
  sessions: number;
  seconds: number;
  agentRss: number;
  agentHeapUsed: number;
  rendererHeapUsed: number;
}

export interface SoakFigure {
  startMiB: number;
  endMiB: number;
  /** From a least-squares line through the samples after the warm-up. */
  slopeBytesPer1000Sessions: number;
}

export interface SoakResult {
  sessions: number;
  seconds: number;
  sessionsPerSecond: number;
  agentRss: SoakFigure;
  agentHeap: SoakFigure;
  rendererHeap: SoakFigure;
  /** Sessions the agent logged as started, ended by "finished", and ended otherwise (its idle timeout). */
  agentSessions: { started: number; endedFinished: number; endedOther: number };
  samples: SoakSample[];
}

/** A synthetic EM4100 uid for card `i` (10 hex digits, not anyone's card). */
const cardUid = (i: number) => (0x5a00000000 + i).toString(16).toUpperCase();
/** Households end in two digits the screen shows (`H-***07`): consecutive cards differ there. */
const household = (i: number) => `HH-SOAK-${String(i).padStart(4, '0')}`;

/**
 * 10,000 resident sessions on a waste station, each through every process: a
 * card tap on the EM4100 simulator's pty → the agent signs the resident in →
 * Chromium shows the category screen with the masked household → "退出" (finish) is
 * clicked → `session.end` → the attract screen. Agent RSS and JS heap (over
 * its inspector) and the renderer's JS heap (over CDP) are sampled after a
 * forced GC in each, so the slope is memory kept, not garbage not yet collected.
 */
export async function soak(mqttUrl: string, options: SoakOptions): Promise<SoakResult> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-soak-'));
  const central = new ReferenceCentral({ url: mqttUrl, clientId: 'central-bench-soak' });
  let station: SimulatedStation | null = null;
  let inspector: NodeInspector | null = null;
  const browser = await launchChromium();
  try {
    await central.start();
    station = await SimulatedStation.start({
      dir,
      stationId: STATION,
      mqttUrl,
      centralPublicKeyPem: central.publicKeyPem,
    });
    await station.stopAgent();
    const agent = await station.startAgent({ env: { NODE_OPTIONS: INSPECT_NODE_OPTIONS } });
    inspector = await NodeInspector.attach(agent.process);
    const agentSessions = new SessionLog(agent.process);
    await bindCards(central, station, options.cards);

    const page = await browser.context.newPage();
    await page.goto(agent.kioskUrl);
    await page.getByTestId('attract').waitFor();
    await installSessionDriver(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    const pid = agent.process.child.pid!;
    const started = performance.now();
    const samples: SoakSample[] = [];
    const sample = async (sessions: number) => {
      const agentHeapUsed = await inspector!.heapUsedAfterGc();
      samples.push({
        sessions,
        seconds: round((performance.now() - started) / 1000, 1),
        agentRss: rssBytes(pid),
        agentHeapUsed,
        rendererHeapUsed: await rendererHeapAfterGc(cdp),
      });
    };
    await sample(0);
    const lastTapAt: number[] = [];
    for (let session = 1; session <= options.sessions; session++) {
      const card = session % options.cards;
      // Never faster than the agent's repeat-tap filter lets the same card back in.
      const waitMs =
        (lastTapAt[card] ?? -Infinity) + DEFAULT_WASTE_RULES.repeatTapIgnoreMs + 100 - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      lastTapAt[card] = performance.now();
      station.reader.tap(cardUid(card));
      await page.evaluate((tail) => window.__soakSession(tail), household(card).slice(-2));
      // The screen leaves the session at once; the next resident taps once the agent ended it,
      // or the late `session.end` (it names no session) would end theirs.
      await agentSessions.ended(session);
      if (session % options.sampleEvery === 0 || session === options.sessions) await sample(session);
    }
    const seconds = (performance.now() - started) / 1000;
    const logged = agentSessions.counts();
    if (logged.started !== options.sessions || logged.endedFinished !== options.sessions)
      throw new Error(
        `the agent did not run ${options.sessions} sessions to "finished": ${JSON.stringify(logged)}`,
      );
    const slopeFrom = samples.filter((s) => s.sessions >= options.warmUpSessions);
    const figure = (bytes: (s: SoakSample) => number): SoakFigure => ({
      startMiB: round(bytes(samples[0]!) / MiB, 1),
      endMiB: round(bytes(samples.at(-1)!) / MiB, 1),
      slopeBytesPer1000Sessions: Math.round(
        leastSquaresSlope(slopeFrom.map((s) => [s.sessions / 1000, bytes(s)])),
      ),
    });
    return {
      sessions: options.sessions,
      seconds: round(seconds, 1),
      sessionsPerSecond: round(options.sessions / seconds, 1),
      agentRss: figure((s) => s.agentRss),
      agentHeap: figure((s) => s.agentHeapUsed),
      rendererHeap: figure((s) => s.rendererHeapUsed),
      agentSessions: logged,
      samples,
    };
  } finally {
    await inspector?.close();
    await browser.close();
    await station?.stop();
    await central.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The agent's log of waste sessions, counted as it runs. */
class SessionLog {
  private started = 0;
  private endedFinished = 0;
  private endedOther = 0;
  private waiter: { count: number; resolve: () => void } | null = null;

  constructor(agent: ManagedProcess) {
    agent.onLine((line) => {
      if (line.includes('"waste session started"')) this.started++;
      else if (line.includes('"waste session ended"')) {
        if (line.includes('"reason":"finished"')) this.endedFinished++;
        else this.endedOther++;
        if (this.waiter && this.endedFinished + this.endedOther >= this.waiter.count) this.waiter.resolve();
      }
    });
  }

  /** Resolves once the agent has ended `count` sessions. */
  ended(count: number, timeoutMs = 15_000): Promise<void> {
    if (this.endedFinished + this.endedOther >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the agent never ended session ${count}`)), timeoutMs);
      this.waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = null;
          resolve();
        },
      };
    });
  }

  counts() {
    return { started: this.started, endedFinished: this.endedFinished, endedOther: this.endedOther };
  }
}

/** Bind `count` synthetic cards to as many residents and wait until the agent stored them all. */
async function bindCards(central: ReferenceCentral, station: SimulatedStation, count: number): Promise<void> {
  const districtKey = station.districtKey();
  const bindings: CardBinding[] = Array.from({ length: count }, (_, i) => ({
    cardKey: cardKey(districtKey, cardUid(i)),
    residentKey: createHash('sha256').update(`soak-resident-${i}`).digest('hex'),
    household: household(i),
    kind: 'resident',
  }));
  const stored = () => {
    const db = new Database(station.databaseFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM card_bindings').get() as { n: number }).n === count;
    } finally {
      db.close();
    }
  };
  // Card bindings are not retained: publish again until the agent, once subscribed, has them.
  await waitFor(async () => {
    await central.publishCards(STATION, bindings);
    return waitFor(stored, 'the card bindings stored', 1_000).catch(() => false);
  }, 'the agent to store the card bindings');
}

declare global {
  interface Window {
    /** Wait for the session of the household ending in `tail`, press "退出", wait for the attract screen. */
    __soakSession(tail: string): Promise<void>;
  }
}

/**
 * The resident's side, in the page: one CDP round trip per session instead
 * of one per wait and click, so the soak measures the kiosk, not Playwright.
 */
async function installSessionDriver(page: Page): Promise<void> {
  // tsx (esbuild's keepNames) wraps the named functions below in `__name(…)`, which the page lacks.
  await page.evaluate('globalThis.__name ??= (fn) => fn');
  await page.evaluate(() => {
    const until = (probe: () => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (probe()) return resolve();
        const observer = new MutationObserver(() => {
          if (!probe()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`timed out waiting for ${what}`));
        }, 15_000);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
    const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    window.__soakSession = async (tail) => {
      await until(
        () => byTestId('waste-choose') !== null && (byTestId('household')?.textContent ?? '').endsWith(tail),
        `the session of household …${tail}`,
      );
      byTestId('waste-finish')!.click();
      await until(() => byTestId('attract') !== null, 'the attract screen');
    };
  });
}

async function rendererHeapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize');
  if (!used) throw new Error('Chromium reported no JSHeapUsedSize');
  return used.value;
}
