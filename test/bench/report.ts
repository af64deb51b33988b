import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitLatency } from './commit.ts';
import type { SoakResult } from './soak.ts';

/** The figures of `bench/report.json`; a partial run (`YF_BENCH_ONLY`) replaces some and keeps the rest. */
export interface BenchFigures {
  outboxDrain?: {
    events: number;
    uplinkSecondsMedian: number;
    mosquittoPubSecondsMedian: number;
    ratioUplinkToMosquittoPub: number;
    uplinkEventsPerSecond: number;
  };
  wasteDropCommit?: CommitLatency & { ratioP50: number; ratioP99: number; transaction: string };
  cardToScreenMs?: { p50: number; p95: number; taps: number; shown: string };
  kioskLoadToInteractiveMsMedian?: number;
  agentRssMiBAtBacklog?: Record<string, number>;
  agentStartToReadyMsMedian?: number;
  soak?: Omit<SoakResult, 'samples'> & {
    session: string;
    memory: string;
    samples: Array<
      [sessions: number, seconds: number, agentRss: number, agentHeapUsed: number, rendererHeapUsed: number]
    >;
  };
}

/** When and on what a run measured. */
export interface MeasuredOn {
  measuredAt: string;
  commit: string;
  /** The working tree differed from `commit` (outside `bench/`). */
  uncommittedChanges?: boolean;
}

export interface BenchReport extends BenchFigures, MeasuredOn {
  machine: { cores: number; memoryBytes: number; node: string };
  runs: number;
  /** Figures measured by a later partial run, each with its own time and commit. */
  remeasured?: Record<string, MeasuredOn>;
}

const reportJson = (dir: string) => join(dir, 'report.json');

/** The last report, for a partial run to update; null when there is none. */
export function readReport(dir: string): BenchReport | null {
  if (!existsSync(reportJson(dir))) return null;
  const report = JSON.parse(readFileSync(reportJson(dir), 'utf8')) as BenchReport & { pending?: unknown };
  // Older reports listed the figures run.ts could not measure yet; it measures them all now.
  delete report.pending;
  return report;
}

/** Write `report.json` and `report.md`; returns the markdown. */
export function writeReport(dir: string, report: BenchReport): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(reportJson(dir), `${JSON.stringify(report, null, 2)}\n`);
  const md = markdown(report);
  writeFileSync(join(dir, 'report.md'), md);
  return md;
}

function markdown(report: BenchReport): string {
  const { outboxDrain: drain, wasteDropCommit: commit, cardToScreenMs: card, soak } = report;
  const mib = (figure: { startMiB: number; endMiB: number; slopeBytesPer1000Sessions: number }) =>
    `${figure.startMiB} → ${figure.endMiB} MiB, ${signed(Math.round(figure.slopeBytesPer1000Sessions / 1024))} KiB per 1,000 sessions`;
  const rows = [
    drain &&
      `| outbox drain, ${drain.events} events: uplink / \`mosquitto_pub -q 1 -l\` | ${drain.uplinkSecondsMedian} s / ${drain.mosquittoPubSecondsMedian} s = **${drain.ratioUplinkToMosquittoPub}×** |`,
    commit &&
      `| waste drop commit p50 / p99 vs bare insert | ${commit.dropP50Ms} / ${commit.dropP99Ms} ms vs ${commit.bareP50Ms} / ${commit.bareP99Ms} ms = **${commit.ratioP50}× / ${commit.ratioP99}×** |`,
    card && `| card to screen (p50 / p95) | ${card.p50} ms / ${card.p95} ms |`,
    ...Object.entries(report.agentRssMiBAtBacklog ?? {}).map(
      ([backlog, value]) => `| agent RSS at backlog ${Number(backlog).toLocaleString('en')} | ${value} MiB |`,
    ),
    report.agentStartToReadyMsMedian !== undefined &&
      `| agent start to ready | ${report.agentStartToReadyMsMedian} ms |`,
    report.kioskLoadToInteractiveMsMedian !== undefined &&
      `| kiosk load to interactive | ${report.kioskLoadToInteractiveMsMedian} ms |`,
    soak &&
      `| soak, ${soak.sessions.toLocaleString('en')} resident sessions (${soak.sessionsPerSecond}/s): agent RSS | ${mib(soak.agentRss)} |`,
    soak && `| soak: agent JS heap after GC | ${mib(soak.agentHeap)} |`,
    soak && `| soak: renderer JS heap after GC | ${mib(soak.rendererHeap)} |`,
  ];
  const remeasured = Object.entries(report.remeasured ?? {}).map(
    ([figure, at]) => ` The ${figure} figure was measured on its own at ${at.measuredAt} at ${onCommit(at)}.`,
  );
  return [
    `Measured ${report.measuredAt} at ${onCommit(report)} on ${report.machine.cores} cores (median of ${report.runs} runs; the soak is one run).${remeasured.join('')}`,
    '',
    '| figure | value |',
    '|---|---|',
    ...rows.filter((row): row is string => typeof row === 'string'),
    '',
  ].join('\n');
}

const onCommit = (at: MeasuredOn) =>
  `${at.commit.slice(0, 10)}${at.uncommittedChanges ? ' plus uncommitted changes' : ''}`;
const signed = (value: number) => (value > 0 ? `+${value}` : String(value));
