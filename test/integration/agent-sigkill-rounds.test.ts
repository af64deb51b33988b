import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'KILL-01';
const ROUNDS = Number(process.env.YF_KILL_ROUNDS ?? 50);
const SEED = Number(process.env.YF_KILL_SEED ?? Date.now() % 100_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Small deterministic PRNG so a failing round can be replayed with YF_KILL_SEED. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inspect(file: string): { integrity: unknown; ids: string[] } {
  // Opened read-write, as the agent would after a power cut: WAL recovery runs first.
  const db = new Database(file);
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      ids: (db.prepare('SELECT id FROM outbox ORDER BY seq').all() as Array<{ id: string }>).map((r) => r.id),
    };
  } finally {
    db.close();
  }
}

describe(`SIGKILL of the agent at random points while events are produced (${ROUNDS} rounds, seed ${SEED})`, () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  let tapping = true;
  let tapper: Promise<void>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-kill-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({ url: broker.url, clientId: 'central-kill' });
    await central.start();
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    // Cards keep arriving whether or not the agent is up: every new UID is a new presentation.
    tapper = (async () => {
      for (let n = 0; tapping; n++) {
        station.reader.present((0x1000000000 + n).toString(16).toUpperCase().padStart(10, '0'));
        await sleep(25);
      }
      station.reader.remove();
    })();
  });

  afterAll(async () => {
    tapping = false;
    await tapper;
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'loses and duplicates nothing in effect, and integrity_check stays ok',
    async () => {
      const random = mulberry32(SEED);
      let committedBefore = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        if (!station.agent) await station.startAgent();
        await sleep(100 + Math.floor(random() * 900));
        station.agent!.process.kill('SIGKILL');
        await station.agent!.process.exited;
        station.agent = null;
        const { integrity, ids } = inspect(station.databaseFile);
        expect(integrity, `round ${round}`).toBe('ok');
        // Nothing committed before is ever lost or rewritten.
        expect(ids.length, `round ${round}`).toBeGreaterThanOrEqual(committedBefore);
        committedBefore = ids.length;
      }
      tapping = false;
      await tapper;

      await station.startAgent();
      const { ids } = inspect(station.databaseFile);
      expect(ids.length).toBeGreaterThan(ROUNDS); // events really were produced during the rounds
      const ledger = await waitFor(
        () => (central.ledger(STATION).lastSeq >= ids.length ? central.ledger(STATION) : null),
        `the central to apply all ${ids.length} events (has ${central.ledger(STATION).lastSeq})`,
        60_000,
        100,
      );
      const final = inspect(station.databaseFile).ids;
      expect(central.rejections).toEqual([]);
      expect(ledger.applied.map((e) => e.id)).toEqual(final.slice(0, ledger.applied.length));
      expect(ledger.applied.map((e) => e.seq)).toEqual(ledger.applied.map((_, i) => i + 1));
    },
    ROUNDS * 4_000 + 120_000,
  ); // a round takes 1–3 s on this machine
});
