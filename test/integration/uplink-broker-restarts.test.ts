import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { fakeCardKey, startInProcessEdge, type InProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'LOAD-01';
const EVENTS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('uplink through broker restarts', () => {
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let edge: InProcessEdge;

  beforeAll(async () => {
    broker = await startMosquitto();
    central = new ReferenceCentral({ url: broker.url, clientId: 'central-restarts' });
    await central.start();
    edge = startInProcessEdge(STATION, broker.url);
  });

  afterAll(async () => {
    await edge?.stop();
    await central?.stop();
    await broker?.dispose();
  });

  it(`${EVENTS} events produced while the broker restarts reach the central exactly once, in seq order, chain verified`, async () => {
    let producing = true;
    const producer = (async () => {
      for (let i = 1; i <= EVENTS; i++) {
        edge.outbox.appendNow('card.presented', { cardKey: fakeCardKey(i), reader: 'load' });
        edge.uplink.kick();
        if (i % 50 === 0) await sleep(2);
      }
      producing = false;
    })();

    let restarts = 0;
    while (producing || restarts < 4) {
      await sleep(400);
      await broker.stop();
      await sleep(200);
      await broker.start();
      restarts++;
      if (restarts >= 12) break;
    }
    await producer;

    const ledger = await waitFor(
      () => (central.ledger(STATION).lastSeq === EVENTS ? central.ledger(STATION) : null),
      `all ${EVENTS} events applied (so far ${central.ledger(STATION).lastSeq})`,
      120_000,
      100,
    );
    expect(restarts).toBeGreaterThanOrEqual(4);
    expect(central.rejections).toEqual([]);
    expect(ledger.applied.map((e) => e.seq)).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    expect(new Set(ledger.applied.map((e) => e.id)).size).toBe(EVENTS);
    expect(ledger.applied.map((e) => e.data.cardKey)).toEqual(
      Array.from({ length: EVENTS }, (_, i) => fakeCardKey(i + 1)),
    );
    await waitFor(() => edge.outbox.backlog() === 0, 'the edge backlog to empty', 10_000);
    // Redeliveries across restarts happen; they must have been recognised as duplicates, not applied.
    expect(central.deliveries).toBe(EVENTS + ledger.duplicates);
  });
});
