import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { cardKey, topics, type EventEnvelope } from '@yaofang/shared';
import { commandResultDataSchema, issueCommand, type CommandResultData } from '@yaofang/shared/commands';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import type { BalanceSnapshot, CardBinding, SyncKind } from '@yaofang/shared/sync';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { AgentLog, type LogLine } from './helpers/agent-log.ts';
import { snapshotStore, type StoreSnapshot } from './helpers/agent-store.ts';
import { hostileCases, type HostileCase } from './helpers/hostile-mqtt-cases.ts';
import { Prng, seedFrom } from './helpers/prng.ts';

/**
 * The real agent, a real Mosquitto and the reference central; a stranger on
 * the broker publishes malformed, oversized, wrong-type, deeply nested,
 * binary, wrong-station and unsigned messages on every topic the agent
 * listens to. The agent must refuse each with a reason, change nothing it
 * stored, and keep working.
 */
const STATION = 'HOSTILE-01';
const OTHER = 'HOSTILE-02';
const SEED = seedFrom('YF_HOSTILE_SEED');
const RESIDENT = 'ab'.repeat(32);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`hostile MQTT messages on every inbound topic (seed ${SEED})`, () => {
  let dir: string;
  let broker: MosquittoBroker | undefined;
  let central: ReferenceCentral | undefined;
  let station: SimulatedStation | undefined;
  let attacker: MqttClient | undefined;
  let log: AgentLog;
  let before: StoreSnapshot;
  let cases: HostileCase[] = [];
  let hostileFrom = 0;
  let agentPid: number | undefined;
  const explained = new Map<HostileCase, LogLine>();

  const eventsAfter = (seq: number, type: string) =>
    central!
      .applied(STATION)
      .map((event) => event.envelope)
      .filter((envelope) => envelope.seq > seq && envelope.type === type);
  const commandResults = (afterSeq: number) =>
    eventsAfter(afterSeq, 'command.result').map((envelope) => ({
      seq: envelope.seq,
      data: commandResultDataSchema.parse(envelope.data),
    }));

  /** Issue a ping and wait for its `done` result at the central: proof the command path is alive. */
  const pingRoundTrip = async (timeoutMs = 20_000): Promise<{ id: string; wire: string }> => {
    const ping = issueCommand(central!.keys.privateKey, {
      station: STATION,
      name: 'ping',
      args: {},
      ttlMs: 60_000,
    });
    await central!.publishRaw(topics.command(STATION), ping.wire);
    await waitFor(
      () => commandResults(0).some((r) => r.data.commandId === ping.id && r.data.status === 'done'),
      `the answer to ping ${ping.id}`,
      timeoutMs,
    );
    return ping;
  };

  const tapAndAwait = async (uid: string): Promise<EventEnvelope> => {
    const already = new Set(eventsAfter(0, 'card.presented').map((e) => e.id));
    station!.reader.tap(uid);
    const event = await waitFor(
      () => eventsAfter(0, 'card.presented').find((e) => !already.has(e.id)),
      `the card.presented of ${uid} at the central`,
      20_000,
    );
    // Let the card leave the field (tap 350 ms + the driver's 400 ms), so a busy
    // test process cannot stretch this presentation into a second one later.
    await sleep(1000);
    return event;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-hostile-mqtt-'));
    broker = await startMosquitto();
    // On a file, so the central can be stopped and started again mid-test without forgetting.
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'central-hostile',
      dataFile: join(dir, 'central.sqlite'),
    });
    await central.start();
    station = await SimulatedStation.start({
      dir,
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
    });
    log = new AgentLog(station.agent!.process);
    agentPid = station.agent!.process.child.pid;
    attacker = await mqtt.connectAsync(broker.url, { clientId: 'hostile-stranger', clean: true });

    // Something stored of every kind before the attack: documents, a command, events, acks.
    const answered = await waitFor(
      // Until the agent has subscribed, a command finds nobody: ping until one is answered.
      () => pingRoundTrip(1000).catch(() => null),
      'the agent to answer a first ping',
      30_000,
    );
    const cards: CardBinding[] = [
      {
        cardKey: cardKey(station.districtKey(), DEMO_CARDS[0]),
        residentKey: RESIDENT,
        household: 'hh-1',
        kind: 'resident',
      },
    ];
    const balances: BalanceSnapshot[] = [
      { residentKey: RESIDENT, account: 'points', balance: 120, asOf: new Date().toISOString() },
    ];
    const documentData: Record<SyncKind, unknown> = { rules: DEFAULT_WASTE_RULES, cards, balances };
    const syncFrom = log.mark();
    const published = [
      await central.publishRules(DEFAULT_WASTE_RULES),
      await central.publishRules(DEFAULT_WASTE_RULES, { station: STATION }),
      await central.publishCards(STATION, cards),
      await central.publishBalances(STATION, balances),
    ];
    await waitFor(
      () => log.since(syncFrom).filter((line) => line.msg === 'sync document applied').length === 4,
      'the agent to apply the four sync documents',
      20_000,
    );
    cases = hostileCases({
      station: STATION,
      other: OTHER,
      centralKey: central.keys.privateKey,
      answeredCommandWire: answered.wire,
      heldVersions: new Map(published.map((doc) => [doc.topic, doc.version])),
      documentData,
      random: new Prng(SEED),
    });
    await tapAndAwait(DEMO_CARDS[0]);
    await waitFor(
      () => snapshotStore(station!.databaseFile).outbox.every((row) => row.acked_at !== null),
      'every outbox row to be acked',
      20_000,
    );
    before = snapshotStore(station.databaseFile);
  });

  afterAll(async () => {
    log?.stop();
    await attacker?.endAsync(true).catch(() => undefined);
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('covers every inbound topic of the contract', () => {
    const covered = new Set(cases.map((c) => c.topic));
    for (const topic of [
      topics.ack(STATION),
      topics.command(STATION),
      topics.sync(STATION, 'rules'),
      topics.sync(STATION, 'cards'),
      topics.sync(STATION, 'balances'),
      topics.response(STATION),
      topics.districtRules(),
    ])
      expect(covered, topic).toContain(topic);
  });

  it('refuses every hostile message and logs why, one explanation per message', async () => {
    hostileFrom = log.mark();
    for (const hostile of cases) {
      const from = log.mark();
      await attacker!.publishAsync(hostile.topic, hostile.payload, { qos: 1 });
      const { line } = await log
        .next(from, hostile.explains, `${hostile.why} for "${hostile.label}" on ${hostile.topic}`)
        .catch((error: Error) => {
          throw new Error(
            `${error.message}\nlog since:\n${JSON.stringify(log.since(from), null, 1).slice(0, 4000)}`,
          );
        });
      explained.set(hostile, line);
    }
    expect(explained.size).toBe(cases.length);
    // Refusals are warnings with a reason, never an error or a crash report.
    const severe = log.since(hostileFrom).filter((line) => line.level >= 50);
    expect(severe).toEqual([]);
    expect(station!.agent!.process.running).toBe(true);
  });

  it('answers each cmd message with a rejected command.result at the central, with a reason', async () => {
    const expected = cases.filter((c) => c.commandCode !== undefined);
    const baseSeq = before.outbox.at(-1)!.seq;
    const results = await waitFor(
      () => {
        const got = commandResults(baseSeq);
        return got.length >= expected.length ? got : null;
      },
      `${expected.length} command.result events at the central`,
      30_000,
    );
    // Commands are answered one at a time in arrival order, and MQTT keeps that order.
    expect(results.map((r) => r.data.code)).toEqual(expected.map((c) => c.commandCode));
    for (const [i, { data }] of results.entries()) {
      expect(data.status, expected[i]!.label).toBe('rejected');
      expect(data.reason, expected[i]!.label).toMatch(/\w{3,}/);
      expect((data.reason ?? '').length, `${expected[i]!.label}: reason stays short`).toBeLessThan(1000);
      if (expected[i]!.authenticId) expect(data.commandId).toBe(expected[i]!.authenticId);
    }
    expect(central!.rejections).toEqual([]);
  });

  it('changed nothing already stored: old rows, documents, bindings, balances and seen commands are as before', () => {
    const after = snapshotStore(station!.databaseFile);
    const baseSeq = before.outbox.at(-1)!.seq;
    expect(after.outbox.slice(0, before.outbox.length)).toEqual(before.outbox);
    const added = after.outbox.slice(before.outbox.length);
    expect(added.map((row) => row.seq)).toEqual(added.map((_, i) => baseSeq + i + 1));
    for (const row of added) {
      expect(row.type).toBe('command.result');
      const data = (JSON.parse(row.payload) as { data: CommandResultData }).data;
      expect(data.status).toBe('rejected');
    }
    expect(after.syncDocuments).toEqual(before.syncDocuments);
    expect(after.cardBindings).toEqual(before.cardBindings);
    expect(after.balanceSnapshots).toEqual(before.balanceSnapshots);
    expect(after.audit).toEqual(before.audit);
    // Only commands whose signature was genuine are remembered (replay protection), each as rejected.
    const authentic = new Set(cases.flatMap((c) => (c.authenticId ? [c.authenticId] : [])));
    const oldIds = new Set(before.commandsSeen.map((row) => row.id));
    expect(after.commandsSeen.filter((row) => oldIds.has(row.id))).toEqual(before.commandsSeen);
    const newSeen = after.commandsSeen.filter((row) => !oldIds.has(row.id));
    expect(new Set(newSeen.map((row) => row.id))).toEqual(authentic);
    for (const row of newSeen) expect(row.status).toBe('rejected');
    const { ['outbox.lastSeq']: _seq, ['outbox.lastHash']: _hash, ...kvAfter } = after.kv;
    const { ['outbox.lastSeq']: _seq0, ['outbox.lastHash']: _hash0, ...kvBefore } = before.kv;
    expect(kvAfter).toEqual(kvBefore);
  });

  it('keeps working: the same process answers a ping and a card tap reaches the central', async () => {
    expect(station!.agent!.process.running).toBe(true);
    expect(station!.agent!.process.child.pid).toBe(agentPid);
    await pingRoundTrip();
    const event = await tapAndAwait(DEMO_CARDS[1]);
    expect(event.data).toEqual({
      cardKey: cardKey(station!.districtKey(), DEMO_CARDS[1]),
      reader: 'reader-1',
    });
    expect(central!.rejections).toEqual([]);
    expect(central!.ledger(STATION).applied.map((e) => e.seq)).toEqual(
      central!.ledger(STATION).applied.map((_, i) => i + 1),
    );
  });

  // Found by this suite: AckConsumer once clamped such an ack and applied it,
  // marking pending rows confirmed (and unsent rows sent, so never delivered).
  it('an unsigned ack claiming seqs this station never sent confirms none of its pending events', async () => {
    let pending: { seq: number } | undefined;
    const from = log.mark();
    await central!.stop(); // nothing acks now: the next event stays pending
    try {
      const lastSeq = snapshotStore(station!.databaseFile).outbox.at(-1)!.seq;
      station!.reader.tap(DEMO_CARDS[2]);
      pending = await waitFor(
        () =>
          snapshotStore(station!.databaseFile).outbox.find(
            (row) => row.seq > lastSeq && row.sent_at !== null && row.acked_at === null,
          ),
        'a sent, unacked card.presented row',
        20_000,
      );
      const forged = { v: 1, station: STATION, upTo: 1e12, results: [], ts: new Date().toISOString() };
      await attacker!.publishAsync(topics.ack(STATION), JSON.stringify(forged), { qos: 1 });
      await log.next(from, (line) => /^ack claims seqs/.test(line.msg), 'the forged ack noticed');
      // Judged while the central is still away: once it is back it applies the event and acks it for real.
      const row = snapshotStore(station!.databaseFile).outbox.find((r) => r.seq === pending!.seq)!;
      expect(row.acked_at, 'the central never applied it').toBeNull();
    } finally {
      await central!.start();
    }
  });
});
