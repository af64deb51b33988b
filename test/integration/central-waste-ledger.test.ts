import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey, topics, verifySigned } from '@yaofang/shared';
import {
  ackSchema,
  syncDocumentSchema,
  type Ack,
  type AckResult,
  type SyncDocument,
} from '@yaofang/shared/sync';
import type { WasteDeposited } from '@yaofang/shared/waste';
import { ReferenceCentral } from '../central-sim/central.ts';
import { resident, wasteDrop } from '../central-sim/waste/fixtures.ts';
import { startInProcessEdge, type InProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';

const EAST = 'WASTE-E1';
const WEST = 'WASTE-W1';
const RULES = { dailyCapPointsPerHousehold: 10, timezoneOffsetMinutes: 480 };

describe('the reference central keeps the waste-points ledger (real Mosquitto, in-process edges)', () => {
  let dir: string;
  let broker: MosquittoBroker | null = null;
  let central: ReferenceCentral | null = null;
  let subscriber: MqttClient | null = null;
  const edges: InProcessEdge[] = [];
  const acks: Ack[] = [];
  const balances: Array<{ station: string; document: SyncDocument }> = [];
  const unverified: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-waste-ledger-'));
    broker = await startMosquitto();
    central = await startCentral();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'waste-ledger-observer' });
    const publicKey = loadPublicKey(central.publicKeyPem);
    subscriber.on('message', (topic, payload) => {
      const station = topic.split('/')[2]!;
      if (topic.endsWith('/ack')) acks.push(ackSchema.parse(JSON.parse(payload.toString())));
      else {
        const verified = verifySigned(publicKey, payload, syncDocumentSchema);
        if (verified.ok) balances.push({ station, document: verified.value.payload });
        else unverified.push(verified.error.reason);
      }
    });
    await subscriber.subscribeAsync(
      [EAST, WEST].flatMap((station) => [topics.ack(station), topics.sync(station, 'balances')]),
      { qos: 1 },
    );
  });

  afterAll(async () => {
    for (const edge of edges) await edge.stop();
    await subscriber?.endAsync(true);
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startCentral(): Promise<ReferenceCentral> {
    const started = new ReferenceCentral({
      url: broker!.url,
      clientId: 'waste-ledger-central',
      dataFile: join(dir, 'central.sqlite'),
      keyDir: join(dir, 'central-keys'),
      ackIntervalMs: 20,
    });
    started.enableWasteLedger({ rules: RULES });
    await started.start();
    return started;
  }

  function edge(station: string): InProcessEdge {
    const started = startInProcessEdge(station, broker!.url);
    edges.push(started);
    return started;
  }

  const deposit = (target: InProcessEdge, data: WasteDeposited) => {
    const envelope = target.outbox.appendNow('waste.deposited', { ...data }, 'ledger');
    target.uplink.kick();
    return envelope;
  };
  const resultOf = (id: string): AckResult | undefined =>
    acks.flatMap((ack) => ack.results).find((result) => result.id === id);
  const ackedResult = (id: string) => waitFor(() => resultOf(id), `the ack of event ${id}`);
  const balancesOf = (station: string) =>
    balances.filter((entry) => entry.station === station).map((entry) => entry.document.data);

  it('applies each drop once, acks its verdict and publishes the confirmed balance', async () => {
    const east = edge(EAST);
    const west = edge(WEST);

    // The same household (two residents) drops at two stations: each terminal credits 8.
    const first = wasteDrop({ points: 8, residentKey: resident(1) });
    const firstEvent = deposit(east, first);
    expect(await ackedResult(firstEvent.id)).toEqual({ id: firstEvent.id, seq: 1, status: 'applied' });

    const second = wasteDrop({ points: 8, residentKey: resident(2) });
    const secondEvent = deposit(west, second);
    expect(await ackedResult(secondEvent.id)).toMatchObject({
      seq: 1,
      status: 'adjusted',
      data: { dropId: second.dropId, points: 2, outcome: 'partially-capped', reasonCode: 'daily-cap' },
    });

    // The east terminal sends the first drop again as a new event (e.g. restored from a backup).
    const again = deposit(east, { ...first });
    expect(await ackedResult(again.id)).toMatchObject({
      seq: 2,
      status: 'rejected',
      reason: expect.stringContaining('duplicate-drop') as string,
    });
    // Invalid data is rejected with the reason, and the chain goes on.
    const invalid = deposit(east, { ...wasteDrop(), netGrams: 1 });
    expect(await ackedResult(invalid.id)).toMatchObject({
      seq: 3,
      status: 'rejected',
      reason: expect.stringContaining('netGrams: must equal') as string,
    });

    await waitFor(() => balancesOf(WEST).length === 1 && balancesOf(EAST).length === 1, 'both balances');
    expect(balancesOf(EAST)).toEqual([
      [{ residentKey: resident(1), account: 'points', balance: 8, asOf: expect.any(String) as string }],
    ]);
    expect(balancesOf(WEST)).toEqual([
      [{ residentKey: resident(2), account: 'points', balance: 2, asOf: expect.any(String) as string }],
    ]);

    const ledger = central!.wasteLedger();
    expect(ledger.balances).toEqual({ [resident(1)]: 8, [resident(2)]: 2 });
    expect(ledger.drops[EAST]?.map((drop) => [drop.dropId, drop.creditedPoints])).toEqual([
      [first.dropId, 8],
    ]);
    expect(ledger.drops[WEST]?.map((drop) => [drop.dropId, drop.creditedPoints])).toEqual([
      [second.dropId, 2],
    ]);
    expect(central!.applied(EAST).map((event) => event.envelope.id)).toEqual([
      firstEvent.id,
      again.id,
      invalid.id,
    ]);
    expect(central!.rejections).toEqual([]);
    expect(unverified).toEqual([]);
    expect(east.outbox.backlog()).toBe(0);
    expect(west.outbox.backlog()).toBe(0);
  });

  it('a central restarted on its file rebuilds the ledger and goes on from it', async () => {
    const before = central!.wasteLedger();
    await central!.stop();
    central = null;
    central = await startCentral();
    expect(central.wasteLedger()).toEqual(before);

    // The household is at its cap for the day: a further drop is cut to 0.
    const third = wasteDrop({ points: 3, residentKey: resident(1) });
    const event = deposit(edges[0]!, third);
    expect(await ackedResult(event.id)).toMatchObject({
      status: 'adjusted',
      data: { points: 0, outcome: 'capped' },
    });
    expect(central.wasteLedger().balances[resident(1)]).toBe(8);
    expect(central.wasteLedger().drops[EAST]).toHaveLength(2);
  });
});
