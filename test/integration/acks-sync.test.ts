import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPublicKey, topics } from '@yaofang/shared';
import type { SyncDocument } from '@yaofang/shared/sync';
import { openDatabase, type Db } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { Uplink } from '@yaofang/edge-agent/uplink/uplink';
import {
  AckConsumer,
  RequestClient,
  SyncReceiver,
  SyncStore,
  cachedAnswers,
} from '@yaofang/edge-agent/sync/index';
import { recordingLogger, type LogRecord } from '@yaofang/edge-agent/sync/recording-logger';
import { ReferenceCentral } from '../central-sim/central.ts';
import { PUBLIC_KEY_FILE } from '../central-sim/signing-keys.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'ACKS-01';
const hex = (n: number) => n.toString(16).padStart(64, '0');
const RESIDENT = hex(0xa1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The edge side as agent.ts wires it: store, uplink, acks, sync, requests, on a real SQLite file. */
interface Edge {
  db: Db;
  outbox: Outbox;
  uplink: Uplink;
  store: SyncStore;
  requests: RequestClient;
  /** What the sync receiver and request client logged. */
  records: LogRecord[];
  stop(): Promise<void>;
}

describe('acks, sync and requests between the edge and the reference central (real Mosquitto)', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral | null;
  let edge: Edge | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-acks-sync-'));
    central = null;
    edge = null;
    broker = await startMosquitto();
    central = await startCentral();
  });

  afterEach(async () => {
    await edge?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `configure` runs before start: the central applies queued events as soon as it connects. */
  async function startCentral(configure?: (central: ReferenceCentral) => void): Promise<ReferenceCentral> {
    const started = new ReferenceCentral({
      url: broker.url,
      clientId: 'acks-central',
      dataFile: join(dir, 'central.sqlite'),
      keyDir: join(dir, 'central-keys'),
    });
    configure?.(started);
    await started.start();
    return started;
  }

  function startEdge(): Edge {
    const db = openDatabase(join(dir, 'edge.sqlite'));
    const outbox = new Outbox(db, STATION);
    const silent = pino({ level: 'silent' });
    const uplink = new Uplink(
      outbox,
      {
        url: broker.url,
        stationId: STATION,
        clientId: `yf-edge-${STATION}`,
        version: 'test',
        bootCount: 1,
        protocolVersion: 5,
        keepaliveSeconds: 30,
        inflightWindow: 64,
        reconnectBaseMs: 100,
        reconnectCapMs: 1000,
      },
      silent,
    );
    const { log, records } = recordingLogger('info');
    const store = new SyncStore(db);
    const acks = new AckConsumer({ db, link: uplink, stationId: STATION, log: silent });
    const sync = new SyncReceiver({
      db,
      link: uplink,
      stationId: STATION,
      // As a terminal does: the public key file the central wrote, not the central object.
      centralPublicKey: loadPublicKey(readFileSync(join(dir, 'central-keys', PUBLIC_KEY_FILE))),
      log,
    });
    const requests = new RequestClient({
      link: uplink,
      stationId: STATION,
      log,
      fallback: cachedAnswers(store),
    });
    acks.start();
    sync.start();
    requests.start();
    uplink.start();
    return {
      db,
      outbox,
      uplink,
      store,
      requests,
      records,
      stop: async () => {
        requests.stop();
        sync.stop();
        acks.stop();
        await uplink.stop();
        db.close();
      },
    };
  }

  const outboxRows = (db: Db) =>
    db.prepare('SELECT seq, id, acked_at, result FROM outbox ORDER BY seq').all() as Array<{
      seq: number;
      id: string;
      acked_at: number | null;
      result: string | null;
    }>;
  const unacked = (db: Db) =>
    (db.prepare('SELECT count(*) AS n FROM outbox WHERE acked_at IS NULL').get() as { n: number }).n;
  const append = (target: Edge, n: number) => {
    target.outbox.appendNow('card.presented', { cardKey: hex(n), reader: 'reader-1' });
    target.uplink.kick();
  };
  const connected = (target: Edge) => waitFor(() => target.uplink.isConnected(), 'the edge connected');

  it('200 events are applied once each, in order, and all end up acked on the edge', async () => {
    edge = startEdge();
    for (let n = 1; n <= 200; n++) append(edge, n);
    await waitFor(() => unacked(edge!.db) === 0, 'every outbox row acked', 30_000);

    const rows = outboxRows(edge.db);
    expect(rows).toHaveLength(200);
    expect(central!.applied(STATION).map((e) => [e.envelope.seq, e.envelope.id])).toEqual(
      rows.map((row) => [row.seq, row.id]),
    );
    expect(central!.rejections).toEqual([]);
    for (const row of rows) expect(JSON.parse(row.result!)).toEqual({ status: 'applied' });
  });

  it('a central restart in the middle loses nothing and applies nothing twice', async () => {
    const applications = new Map<string, number>();
    const appliedBy = [0, 0];
    const countApplications = (run: number) => (target: ReferenceCentral) =>
      target.onEvent('card.presented', (envelope) => {
        applications.set(envelope.id, (applications.get(envelope.id) ?? 0) + 1);
        appliedBy[run]!++;
        return { status: 'applied' };
      });
    countApplications(0)(central!);
    edge = startEdge();
    await connected(edge);

    // Stop the central from inside the delivery of seq 40, with seqs 41… right behind it.
    const stopped = new Promise<void>((resolve) => {
      central!.onApplied((_station, envelope) => {
        if (envelope.seq === 40) resolve(central!.stop());
      });
    });
    for (let n = 1; n <= 100; n++) append(edge, n);
    await stopped;
    central = null;
    for (let n = 101; n <= 200; n++) append(edge, n); // the broker keeps them for the central's session
    await waitFor(() => edge!.outbox.backlog() === 0, 'the edge to hand every event to the broker');
    expect(unacked(edge.db)).toBeGreaterThan(0);

    // The edge also restarts having lost its record of sending 1–60 (a crash before
    // markSent), so it sends them again: the central must know 1–40 as applied.
    await edge.stop();
    edge = null;
    const db = openDatabase(join(dir, 'edge.sqlite'));
    db.prepare('UPDATE outbox SET sent_at = NULL WHERE seq <= 60').run();
    db.close();
    edge = startEdge();
    await waitFor(() => edge!.outbox.backlog() === 0, 'the resent events handed to the broker');

    central = await startCentral(countApplications(1));
    await waitFor(() => unacked(edge!.db) === 0, 'every outbox row acked after the restart', 30_000);

    expect(appliedBy).toEqual([40, 160]);
    expect(central.ledger(STATION).duplicates).toBeGreaterThanOrEqual(40);
    const rows = outboxRows(edge.db);
    expect(rows).toHaveLength(200);
    expect(central.applied(STATION).map((e) => [e.envelope.seq, e.envelope.id])).toEqual(
      rows.map((row) => [row.seq, row.id]),
    );
    expect(applications.size).toBe(200);
    expect([...applications.values()].every((count) => count === 1)).toBe(true);
    expect(central.rejections).toEqual([]);
  });

  it('rules published retained before the edge subscribes arrive', async () => {
    await central!.publishRules({ dropWindows: ['07:00-09:00', '18:00-20:00'] });
    await central!.publishRules({ maxGramsPerDrop: 20_000 }, { station: STATION });
    edge = startEdge();
    await waitFor(() => edge!.store.storedRules().station, 'the station rules');
    await waitFor(() => edge!.store.storedRules().district, 'the district rules');
    expect(edge.store.storedRules()).toMatchObject({
      district: { version: 1, data: { dropWindows: ['07:00-09:00', '18:00-20:00'] } },
      station: { version: 1, data: { maxGramsPerDrop: 20_000 } },
    });
  });

  it('a tampered sync document is refused and the stored one is unchanged', async () => {
    edge = startEdge();
    await connected(edge);
    const binding = { cardKey: hex(1), residentKey: RESIDENT, household: 'H-7', kind: 'resident' as const };
    await central!.publishCards(STATION, [binding]);
    await waitFor(() => edge!.store.cardBinding(hex(1)), 'the card binding');
    const before = edge.store.document('cards');

    const forged: SyncDocument = {
      v: 1,
      kind: 'cards',
      version: 2,
      issuedAt: new Date().toISOString(),
      station: STATION,
      data: [binding],
    };
    const wire = JSON.parse(central!.signDocument(forged)) as { payload: string; sig: string };
    wire.payload = wire.payload.replace(RESIDENT, hex(0xbad)); // the card now points at someone else
    await central!.publishRaw(topics.sync(STATION, 'cards'), JSON.stringify(wire));

    const refusal = await waitFor(
      () => edge!.records.find((r) => r.msg === 'sync document refused'),
      'the refusal in the log',
    );
    expect(refusal).toMatchObject({ code: 'bad-signature' });
    expect(edge.store.document('cards')).toEqual(before);
    expect(edge.store.cardBinding(hex(1))).toMatchObject({ residentKey: RESIDENT, version: 1 });
  });

  describe('a balance request', () => {
    const args = { residentKey: RESIDENT, account: 'points' };
    const snapshot = {
      residentKey: RESIDENT,
      account: 'points' as const,
      balance: 80,
      asOf: '2025-03-01T08:00:00.000Z',
    };

    beforeEach(async () => {
      central!.onRequest('balance', () => ({ status: 'ok', data: { ...snapshot, balance: 95 } }));
      edge = startEdge();
      await connected(edge);
      await central!.publishBalances(STATION, [snapshot]);
      await waitFor(() => edge!.store.balance(RESIDENT, 'points'), 'the cached balance snapshot');
    });

    it('answered in time gives the central answer', async () => {
      const outcome = await edge!.requests.request('balance', args, { timeoutMs: 5000 });
      expect(outcome).toEqual({ source: 'central', data: { ...snapshot, balance: 95 } });
    });

    it('answered after the deadline gives the cached balance flagged stale, and the late answer is ignored', async () => {
      central!.responseDelayMs = 1500;
      const outcome = await edge!.requests.request('balance', args, { timeoutMs: 300 });
      expect(outcome).toEqual({ source: 'cache', stale: true, data: snapshot, reason: 'deadline' });
      await waitFor(
        () => edge!.records.find((r) => r.msg.startsWith('late response ignored')),
        'the late answer to arrive and be ignored',
      );
    });

    it('with the broker stopped gives the cache with reason offline', async () => {
      await broker.stop();
      await waitFor(() => !edge!.uplink.isConnected(), 'the edge to notice the broker is gone');
      const outcome = await edge!.requests.request('balance', args, { timeoutMs: 5000 });
      expect(outcome).toEqual({ source: 'cache', stale: true, data: snapshot, reason: 'offline' });
    });
  });

  it('the central ignores a request whose deadline has already passed', async () => {
    edge = startEdge();
    await connected(edge);
    const id = '0190b6a4-0000-7000-8000-000000000001';
    const request = {
      v: 1,
      id,
      kind: 'balance',
      deadline: new Date(Date.now() - 1000).toISOString(),
      args: {},
    };
    await edge.uplink.publish(topics.request(STATION), JSON.stringify(request), { qos: 1 });
    const ignored = await waitFor(
      () => central!.ignoredRequests.find((r) => r.id === id),
      'the request ignored',
    );
    expect(ignored.reason).toMatch(/deadline .* has passed/);
    await sleep(300);
    expect(edge.records.filter((r) => r.msg.includes('response'))).toEqual([]);
  });
});
