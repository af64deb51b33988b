// `npm run bench`: figures measured side by side in one run on this machine,
// each the median of several runs, written to bench/report.json and
// bench/report.md. Not part of the tests: this machine is shared and noisy,
// so ratios against a reference measured in the same run are what count.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { startMosquitto } from '../harness/mosquitto.ts';
import { REPO_ROOT } from '../harness/station.ts';
import { agentRssAtBacklog, agentStartToReady, cardToScreen } from './agent.ts';
import { drainWithMosquittoPub, drainWithUplink, prefilledStation } from './drain.ts';
import { commitLatency } from './commit.ts';
import { median, round } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DRAIN_EVENTS = Number(process.env.BENCH_DRAIN_EVENTS ?? 100_000);
const BACKLOGS = (process.env.BENCH_BACKLOGS ?? '10000,100000,1000000').split(',').map(Number);
const MiB = 2 ** 20;

const log = (line: string) => process.stdout.write(`${line}\n`);

const broker = await startMosquitto();
try {
  log(`bench: ${RUNS} runs each, ${cpus().length} cores`);

  const reference = prefilledStation('BENCH-REF', DRAIN_EVENTS);
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

  const startTimes = await agentStartToReady(broker.url, Math.max(RUNS, 5));
  log(`agent start to ready: median ${round(median(startTimes))} ms`);

  const card = await cardToScreen(broker.url, 20);
  log(`card to screen: p50 ${card.p50} ms, p95 ${card.p95} ms`);

  const rss: Record<string, number> = {};
  for (const backlog of BACKLOGS) {
    rss[String(backlog)] = round((await agentRssAtBacklog(backlog)) / MiB, 1);
    log(`agent RSS at backlog ${backlog}: ${rss[String(backlog)]} MiB`);
  }

  const commitSha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT }).toString().trim();
  const report = {
    measuredAt: new Date().toISOString(),
    commit: commitSha,
    machine: { cores: cpus().length, memoryBytes: totalmem(), node: process.version },
    runs: RUNS,
    outboxDrain: {
      events: DRAIN_EVENTS,
      uplinkSecondsMedian: round(median(ours) / 1000, 3),
      mosquittoPubSecondsMedian: round(median(theirs) / 1000, 3),
      ratioUplinkToMosquittoPub: round(median(ours) / median(theirs), 2),
      uplinkEventsPerSecond: Math.round(DRAIN_EVENTS / (median(ours) / 1000)),
    },
    wasteDropCommit: {
      ...commit,
      ratioP50: round(commit.dropP50Ms / commit.bareP50Ms, 2),
      ratioP99: round(commit.dropP99Ms / commit.bareP99Ms, 2),
      transaction: 'drop + ledger entry + outbox event + session state, WAL, synchronous=FULL',
    },
    cardToScreenMs: {
      p50: card.p50,
      p95: card.p95,
      taps: 20,
      shown: 'card record (ID-card masked name arrives with the hall flow)',
    },
    agentRssMiBAtBacklog: rss,
    agentStartToReadyMsMedian: round(median(startTimes)),
    kioskLoadToInteractiveMsMedian: round(median(card.kioskLoadMs)),
    pending: {
      soak10kSessions: 'needs resident sessions (issues 5 and 6)',
    },
  };
  const outDir = join(REPO_ROOT, 'bench');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  const md = [
    `Measured ${report.measuredAt} at ${commitSha.slice(0, 10)} on ${report.machine.cores} cores (median of ${RUNS} runs).`,
    '',
    '| figure | value |',
    '|---|---|',
    `| outbox drain, ${DRAIN_EVENTS} events: uplink / \`mosquitto_pub -q 1 -l\` | ${report.outboxDrain.uplinkSecondsMedian} s / ${report.outboxDrain.mosquittoPubSecondsMedian} s = **${report.outboxDrain.ratioUplinkToMosquittoPub}×** |`,
    `| waste drop commit p50 / p99 vs bare insert | ${commit.dropP50Ms} / ${commit.dropP99Ms} ms vs ${commit.bareP50Ms} / ${commit.bareP99Ms} ms = **${report.wasteDropCommit.ratioP50}× / ${report.wasteDropCommit.ratioP99}×** |`,
    `| card to screen (p50 / p95) | ${card.p50} ms / ${card.p95} ms |`,
    ...Object.entries(rss).map(
      ([backlog, mib]) => `| agent RSS at backlog ${Number(backlog).toLocaleString('en')} | ${mib} MiB |`,
    ),
    `| agent start to ready | ${report.agentStartToReadyMsMedian} ms |`,
    `| kiosk load to interactive | ${report.kioskLoadToInteractiveMsMedian} ms |`,
    '',
  ].join('\n');
  writeFileSync(join(outDir, 'report.md'), md);
  log(`\n${md}`);
} finally {
  await broker.dispose();
}
