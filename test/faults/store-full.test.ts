import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { ReferenceCentral } from '../central-sim/central.ts';
import { fakeCardKey } from '../harness/edge-in-process.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { SimulatedStation, STATION_DEVICE_IDS } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { AgentLog, type LogLine } from './helpers/agent-log.ts';
import { snapshotStore, type OutboxRecord } from './helpers/agent-store.ts';

/**
 * The terminal's store at its cap with the central platform out of reach:
 * nothing is confirmed, so nothing can be freed. The real agent refuses new
 * card presentations with a reason a technician can act on, stays up, keeps
 * every stored event intact, and delivers them all exactly once when the
 * broker comes back.
 *
 * The cap is the smallest the config schema accepts (16 MiB). Filling 16 MiB
 * with card taps at ~30 ms each would take a quarter of an hour, so while the
 * agent is stopped the backlog of a long offline period is written with the
 * agent's own Outbox (real chained `card.presented` events of this station)
 * up to a little under the cap; the last few hundred KiB are filled by real
 * card presentations through the reader pty and the running agent.
 */
const STATION = 'FULL-01';
const READER = STATION_DEVICE_IDS.em4100;
const MIB = 1024 * 1024;
const MAX_BYTES = 16 * MIB; // the schema's minimum
/** Pages left free for the agent to fill with real presentations (~several hundred events). */
const HEADROOM_PAGES = 96;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const uidOf = (n: number) => (0x2000000000 + n).toString(16).toUpperCase().padStart(10, '0');

function integrityOf(file: string): unknown {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true });
  } finally {
    db.close();
  }
}

describe('the store full while the central platform is unreachable', () => {
  let dir: string;
  let broker: MosquittoBroker | undefined;
  let central: ReferenceCentral | undefined;
  let station: SimulatedStation | undefined;
  let log: AgentLog | undefined;
  let agentPid: number | undefined;
  const prefilledIds: string[] = [];
  let nextUid = 0;
  /** The outbox as it stood once the refusals began. */
  let stored: OutboxRecord[] = [];

  const isRefusal = (l: LogLine) => l.msg === 'card presentation not recorded';
  const isRecorded = (l: LogLine) => l.msg === 'card presented';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-store-full-'));
    // A broker that is down from the start: the agent never gets anything confirmed.
    broker = await startMosquitto();
    await broker.stop();
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    await station.stopAgent();

    const config = JSON.parse(readFileSync(station.configFile, 'utf8')) as Record<string, unknown>;
    config.store = { maxBytes: MAX_BYTES };
    writeFileSync(station.configFile, `${JSON.stringify(config, null, 2)}\n`);

    // The backlog of a long offline period, in the agent's own format and chain.
    const db = openDatabase(station.databaseFile);
    try {
      const outbox = new Outbox(db, STATION);
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const targetPages = Math.floor(MAX_BYTES / pageSize) - HEADROOM_PAGES;
      let n = 0;
      while ((db.pragma('page_count', { simple: true }) as number) < targetPages) {
        const ids = db.transaction(() =>
          Array.from({ length: 200 }, () => {
            n++;
            return outbox.append('card.presented', { cardKey: fakeCardKey(n), reader: READER }).id;
          }),
        )();
        prefilledIds.push(...ids);
      }
    } finally {
      db.close();
    }

    await station.startAgent();
    log = new AgentLog(station.agent!.process);
    agentPid = station.agent!.process.child.pid;
  });

  afterAll(async () => {
    log?.stop();
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses new card presentations at the cap with a reason, stays up, and keeps every stored row intact', async () => {
    const before = snapshotStore(station!.databaseFile).outbox;
    expect(before.map((r) => r.id).slice(0, prefilledIds.length)).toEqual(prefilledIds);

    // New cards every ~30 ms until the agent says it has no room.
    const from = log!.mark();
    let tapping = true;
    const tapper = (async () => {
      while (tapping && nextUid < 20_000) {
        station!.reader.present(uidOf(nextUid++));
        await sleep(30);
      }
      station!.reader.remove();
    })();
    let refusal: { line: LogLine; index: number };
    try {
      refusal = await log!.next(from, isRefusal, 'the first refused card presentation', 240_000);
    } finally {
      tapping = false;
      await tapper;
    }
    const { line } = refusal;
    expect(line.level).toBe(50);
    expect(line.reader).toBe(READER);
    const reason = String(line.reason);
    expect(reason, 'names the full storage').toMatch(/storage is full/);
    expect(reason, 'says why nothing can be freed').toMatch(/unsent transactions/);
    expect(reason, 'says what to do').toMatch(/central platform is reachable again/);
    expect(reason, 'says what a technician can do').toMatch(/yaofang-edge backup/);

    const recordedSeqs = log!
      .since(from)
      .filter(isRecorded)
      .map((l) => l.seq as number);
    expect(recordedSeqs.length, 'real presentations were recorded before the cap').toBeGreaterThan(50);

    // Presentations keep coming: each is refused and changes nothing stored.
    stored = snapshotStore(station!.databaseFile).outbox;
    const refusalsBefore = log!.since(from).filter(isRefusal).length;
    for (let i = 0; i < 10; i++) {
      station!.reader.present(uidOf(nextUid++));
      await sleep(150);
    }
    station!.reader.remove();
    await waitFor(
      () => log!.since(from).filter(isRefusal).length >= refusalsBefore + 10,
      'ten more refusals',
      20_000,
    );
    await sleep(3000); // the uplink keeps trying the dead broker meanwhile

    expect(station!.agent!.process.running, 'the agent is still running').toBe(true);
    expect(station!.agent!.process.child.pid).toBe(agentPid);
    expect(
      log!.lines.filter((l) => l.level >= 60),
      'no fatal log line',
    ).toEqual([]);
    expect(integrityOf(station!.databaseFile)).toBe('ok');

    const after = snapshotStore(station!.databaseFile);
    expect(after.outbox, 'the refusals changed and lost nothing').toEqual(stored);
    const seqs = after.outbox.map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(Number(after.kv['outbox.lastSeq'])).toBe(seqs.length);
    expect(after.outbox.map((r) => r.id).slice(0, prefilledIds.length)).toEqual(prefilledIds);
    for (const row of before) expect(after.outbox[row.seq - 1]).toEqual(row);
    const bySeq = new Map(after.outbox.map((r) => [r.seq, r]));
    for (const seq of recordedSeqs) expect(bySeq.get(seq)?.type).toBe('card.presented');
    expect(after.outbox.filter((r) => r.sent_at !== null || r.acked_at !== null)).toEqual([]);
    console.log(
      `store full at ${after.outbox.length} events (${prefilledIds.length} prefilled, ` +
        `${recordedSeqs.length} real presentations), ${log!.since(from).filter(isRefusal).length} refused`,
    );
  });

  it('delivers every stored event exactly once, in seq order, chain verified, once the broker is back', async () => {
    const total = stored.length;
    expect(total).toBeGreaterThan(0);
    const from = log!.mark();
    await broker!.start();
    central = new ReferenceCentral({ url: broker!.url, clientId: 'central-store-full' });
    await central.start();

    const ledger = await waitFor(
      () => {
        // An agent that dies on the way fails the test now, with its last words, not after the timeout.
        if (!station!.agent!.process.running) throw new Error('the agent exited while the backlog drained');
        return central!.ledger(STATION).lastSeq >= total ? central!.ledger(STATION) : null;
      },
      `all ${total} stored events applied`,
      180_000,
      200,
    ).catch((error: unknown) => {
      const output = station!.agent!.process.output.split('\n');
      const notLogLines = output.filter((l) => l.trim() !== '' && !l.startsWith('{')).slice(-25);
      const warnings = log!.since(from).filter((l) => l.level >= 40);
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}; the central applied ` +
          `${central!.ledger(STATION).lastSeq} of ${total}; agent running: ${station!.agent!.process.running}; ` +
          `its warnings since the broker came back: ${JSON.stringify(warnings.slice(-10))}; ` +
          `its other output:\n${notLogLines.join('\n')}`,
      );
    });
    expect(central.rejections).toEqual([]);
    const applied = ledger.applied.slice(0, total);
    expect(applied.map((e) => e.seq)).toEqual(stored.map((r) => r.seq));
    expect(applied.map((e) => e.id)).toEqual(stored.map((r) => r.id));
    expect(new Set(applied.map((e) => e.id)).size).toBe(total);
    expect(central.deliveries).toBe(ledger.lastSeq + ledger.duplicates);
    expect(station!.agent!.process.running).toBe(true);

    // Once the central platform confirms the backlog, confirmed rows make room: cards are recorded again.
    const again = log!.mark();
    const recordedAgain = await waitFor(
      async () => {
        station!.reader.present(uidOf(nextUid++));
        await sleep(300);
        return log!.since(again).find(isRecorded) ?? null;
      },
      'a card presentation recorded after the backlog was confirmed',
      60_000,
      200,
    );
    station!.reader.remove();
    expect(recordedAgain.seq).toBe(total + 1);
    await waitFor(
      () => central!.ledger(STATION).lastSeq >= total + 1,
      'the new presentation at the central',
      30_000,
    );
    expect(central.rejections).toEqual([]);
    expect(integrityOf(station!.databaseFile)).toBe('ok');
  });
});
