// `npm run bench`: figures measured side by side in one run on this machine,
// each the median of several runs, written to bench/report.json and
// bench/report.md. Not part of the tests: this machine is shared and noisy,
// so ratios against a reference measured in the same run are what count.
// `YF_BENCH_ONLY=soak` (names from FIGURES, comma-separated) measures only
// those and updates them in the last report.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { REPO_ROOT } from '../harness/station.ts';
import { agentRssAtBacklog, agentStartToReady, cardToScreen } from './agent.ts';
import { drainWithMosquittoPub, drainWithUplink, prefilledStation } from './drain.ts';
import { commitLatency } from './commit.ts';
import { readReport, writeReport, type BenchFigures, type BenchReport } from './report.ts';
import { soak } from './soak.ts';
import { median, round } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DRAIN_EVENTS = Number(process.env.BENCH_DRAIN_EVENTS ?? 100_000);
const BACKLOGS = (process.env.BENCH_BACKLOGS ?? '10000,100000,1000000').split(',').map(Number);
const SOAK_SESSIONS = Number(process.env.BENCH_SOAK_SESSIONS ?? 10_000);
const SOAK_WARM_UP = Math.round(SOAK_SESSIONS / 5);
const CARD_TAPS = 20;
const MiB = 2 ** 20;

const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT }).toString();
const log = (line: string) => process.stdout.write(`${line}\n`);

const FIGURES: Record<string, (broker: MosquittoBroker) => Promise<BenchFigures>> = {
  async drain(broker) {
    const reference = prefilledStation('BENCH-REF', DRAIN_EVENTS);
    // Only its payloads are needed: the reference station's database goes at once.
    rmSync(reference.dir, { recursive: true, force: true });
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // Alternate the two so drift on a shared machine hits both alike.
      theirs.push(await drainWithMosquittoPub(broker, reference.payloads));
      ours.push(await drainWithUplink(broker, `BENCH-DRAIN-${run}`, DRAIN_EVENTS));
      log(
        `drain run ${run}: uplink ${round(ours.at(-1)! / 1000)} s, mosquitto_pub ${round(theirs.at(-1)! / 1000)} s`,
      );
    }
    return {
      outboxDrain: {
        events: DRAIN_EVENTS,
        uplinkSecondsMedian: round(median(ours) / 1000, 3),
        mosquittoPubSecondsMedian: round(median(theirs) / 1000, 3),
        ratioUplinkToMosquittoPub: round(median(ours) / median(theirs), 2),
        uplinkEventsPerSecond: Math.round(DRAIN_EVENTS / (median(ours) / 1000)),
      },
    };
  },

  commit() {
    const commits = Array.from({ length: RUNS }, () => commitLatency(2000));
    const commit = {
      dropP50Ms: median(commits.map((c) => c.dropP50Ms)),
      dropP99Ms: median(commits.map((c) => c.dropP99Ms)),
      bareP50Ms: median(commits.map((c) => c.bareP50Ms)),
      bareP99Ms: median(commits.map((c) => c.bareP99Ms)),
    };
    log(
      `waste drop commit: p50 ${commit.dropP50Ms} ms, p99 ${commit.dropP99Ms} ms (bare insert ${commit.bareP50Ms} / ${commit.bareP99Ms} ms)`,
    );
    return Promise.resolve({
      wasteDropCommit: {
        ...commit,
        ratioP50: round(commit.dropP50Ms / commit.bareP50Ms, 2),
        ratioP99: round(commit.dropP99Ms / commit.bareP99Ms, 2),
        transaction: 'drop + ledger entry + outbox event + session state, WAL, synchronous=FULL',
      },
    });
  },

  async start(broker) {
    const startTimes = await agentStartToReady(broker.url, Math.max(RUNS, 5));
    log(`agent start to ready: median ${round(median(startTimes))} ms`);
    return { agentStartToReadyMsMedian: round(median(startTimes)) };
  },

  async card(broker) {
    const card = await cardToScreen(broker.url, CARD_TAPS);
    log(`card to screen: p50 ${card.p50} ms, p95 ${card.p95} ms`);
    return {
      cardToScreenMs: {
        p50: card.p50,
        p95: card.p95,
        taps: CARD_TAPS,
        shown: 'card record (ID-card masked name arrives with the hall flow)',
      },
      kioskLoadToInteractiveMsMedian: round(median(card.kioskLoadMs)),
    };
  },

  async rss() {
    const rss: Record<string, number> = {};
    for (const backlog of BACKLOGS) {
      rss[String(backlog)] = round((await agentRssAtBacklog(backlog)) / MiB, 1);
      log(`agent RSS at backlog ${backlog}: ${rss[String(backlog)]} MiB`);
    }
    return { agentRssMiBAtBacklog: rss };
  },

  // One run: 10,000 sessions take minutes, and the slope is fitted over 20 samples of it.
  async soak(broker) {
    const result = await soak(broker.url, {
      sessions: SOAK_SESSIONS,
      sampleEvery: Math.max(1, Math.round(SOAK_SESSIONS / 20)),
      // The agent's RSS drops once, some time into the first 2,000 sessions (startup memory given back).
      warmUpSessions: SOAK_WARM_UP,
      cards: 1000,
    });
    const { samples, ...figures } = result;
    log(
      `soak: ${result.sessions} sessions in ${result.seconds} s; agent RSS ${result.agentRss.startMiB} → ${result.agentRss.endMiB} MiB, renderer heap ${result.rendererHeap.startMiB} → ${result.rendererHeap.endMiB} MiB`,
    );
    return {
      soak: {
        ...figures,
        session:
          'EM4100 card tap on the pty → agent signs the resident in → Chromium shows the category screen with the masked household → finish clicked (session.end) → attract screen; 1,000 cards round-robin',
        memory: `after a forced full GC in the agent (inspector) and the renderer (CDP); slope fitted from session ${SOAK_WARM_UP} on`,
        samples: samples.map((s) => [s.sessions, s.seconds, s.agentRss, s.agentHeapUsed, s.rendererHeapUsed]),
      },
    };
  },
};

const only = process.env.YF_BENCH_ONLY?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !(name in FIGURES)) ?? [];
if (unknown.length > 0)
  throw new Error(
    `YF_BENCH_ONLY: no figure ${unknown.join(', ')}; the figures are ${Object.keys(FIGURES).join(', ')}`,
  );

const broker = await startMosquitto();
try {
  log(`bench: ${RUNS} runs each, ${cpus().length} cores${only ? `, only ${only.join(', ')}` : ''}`);
  const figures: BenchFigures = {};
  for (const [name, measure] of Object.entries(FIGURES))
    if (!only || only.includes(name)) Object.assign(figures, await measure(broker));

  const stamp = {
    measuredAt: new Date().toISOString(),
    commit: git('rev-parse', 'HEAD').trim(),
    // Others' edits in the working tree were measured too (the bench's own output aside).
    uncommittedChanges:
      git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench').trim() !== '',
  };
  const outDir = join(REPO_ROOT, 'bench');
  const previous = only ? readReport(outDir) : null;
  const report: BenchReport = previous
    ? {
        ...previous,
        ...figures,
        remeasured: { ...previous.remeasured, ...Object.fromEntries(only!.map((name) => [name, stamp])) },
      }
    : {
        ...stamp,
        machine: { cores: cpus().length, memoryBytes: totalmem(), node: process.version },
        runs: RUNS,
        ...figures,
      };
  log(`\n${writeReport(outDir, report)}`);
} finally {
  await broker.dispose();
}
