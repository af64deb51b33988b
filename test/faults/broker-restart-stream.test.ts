import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { fakeCardKey, startInProcessEdge, type InProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';
import { Prng } from './helpers/prng.ts';

/**
 * A long stream of events (the agent's real Outbox and Uplink, in process,
 * on a real SQLite file) while the real Mosquitto is restarted every 2–3 s
 * from the first event until the central platform holds the last one:
 * every event arrives exactly once, in seq order, with the chain verified.
 *
 * `YF_RESTART_EVENTS` sets the count (default 20,000); the producer spreads
 * the events over ~STREAM_MS whatever the count, so a small CI count still
 * sees restarts in the middle of the stream. `YF_RESTART_SEED` replays the
 * restart timing.
 */
const STATION = 'STREAM-01';
const EVENTS = Number(process.env.YF_RESTART_EVENTS ?? 20_000);
const SEED = Number(process.env.YF_RESTART_SEED ?? Date.now() % 100_000);
/** The producer paces itself to span about this long (not asserted; it may take longer). */
const STREAM_MS = 20_000;
const DEADLINE_MS = 240_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`${EVENTS} events streamed while the broker restarts every 2–3 s (seed ${SEED})`, () => {
  let broker: MosquittoBroker | undefined;
  let central: ReferenceCentral | undefined;
  let edge: InProcessEdge | undefined;

  beforeAll(async () => {
    broker = await startMosquitto();
    central = new ReferenceCentral({ url: broker.url, clientId: 'central-restart-stream' });
    await central.start();
    edge = startInProcessEdge(STATION, broker.url);
  });

  afterAll(async () => {
    await edge?.stop();
    await central?.stop();
    await broker?.dispose();
  });

  it('reach the central exactly once, in seq order, chain verified', async () => {
    expect(Number.isInteger(EVENTS) && EVENTS > 0, `YF_RESTART_EVENTS=${EVENTS}`).toBe(true);
    const random = new Prng(SEED);
    const ledgerOf = () => central!.ledger(STATION);
    const startedAt = Date.now();

    let producing = true;
    const producer = (async () => {
      try {
        for (let i = 1; i <= EVENTS; i++) {
          edge!.outbox.appendNow('card.presented', { cardKey: fakeCardKey(i), reader: 'stream' });
          edge!.uplink.kick();
          if (i % 25 === 0) {
            const due = startedAt + (i / EVENTS) * STREAM_MS;
            await sleep(Math.max(1, due - Date.now()));
          }
        }
      } finally {
        producing = false;
      }
    })();

    // Restart the broker every 2–3 s for as long as the stream is not fully at the central.
    let restarts = 0;
    let restartsWhileProducing = 0;
    const deadline = Date.now() + DEADLINE_MS;
    while (producing || ledgerOf().lastSeq < EVENTS) {
      if (Date.now() > deadline) break;
      const upMs = 2000 + random.int(1000);
      const step = 100;
      for (let waited = 0; waited < upMs; waited += step) {
        await sleep(step);
        if (!producing && ledgerOf().lastSeq >= EVENTS) break;
      }
      if (!producing && ledgerOf().lastSeq >= EVENTS) break;
      if (producing) restartsWhileProducing++;
      await broker!.stop();
      await sleep(100 + random.int(400));
      await broker!.start();
      restarts++;
    }
    await producer;

    const ledger = await waitFor(
      () => (ledgerOf().lastSeq >= EVENTS ? ledgerOf() : null),
      `all ${EVENTS} events applied (so far ${ledgerOf().lastSeq}, after ${restarts} restarts)`,
      30_000,
      100,
    );
    console.log(
      `${EVENTS} events, ${restarts} broker restarts (${restartsWhileProducing} while producing), ` +
        `${ledger.duplicates} redeliveries recognised as duplicates, seed ${SEED}`,
    );
    expect(restartsWhileProducing, 'the broker restarted in the middle of the stream').toBeGreaterThanOrEqual(
      3,
    );
    expect(central!.rejections).toEqual([]);
    expect(ledger.lastSeq).toBe(EVENTS);
    expect(ledger.applied.map((e) => e.seq)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(new Set(ledger.applied.map((e) => e.id)).size).toBe(EVENTS);
    expect(ledger.applied.map((e) => e.data.cardKey)).toEqual(
      Array.from({ length: EVENTS }, (_, i) => fakeCardKey(i + 1)),
    );
    // The ids the central applied are the ones the edge wrote, in the same order.
    const written = edge!.db.prepare('SELECT id FROM outbox ORDER BY seq').all() as Array<{ id: string }>;
    expect(ledger.applied.map((e) => e.id)).toEqual(written.map((r) => r.id));
    await waitFor(() => edge!.outbox.backlog() === 0, 'the edge backlog to empty', 30_000);
    // Redeliveries across restarts happen; each was recognised as a duplicate, never applied twice.
    expect(central!.deliveries).toBe(EVENTS + ledger.duplicates);
  });
});
