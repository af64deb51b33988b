import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import pino from 'pino';
import {
  eventEnvelopeSchema,
  generateSigningKeys,
  loadPrivateKey,
  loadPublicKey,
  ok,
  topics,
  type EventEnvelope,
} from '@yaofang/shared';
import { commandResultDataSchema, issueCommand, type CommandResultData } from '@yaofang/shared/commands';
import { openDatabase, type Db } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { Uplink } from '@yaofang/edge-agent/uplink/uplink';
import { CommandProcessor } from '@yaofang/edge-agent/commands/processor';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'CMD-01';
const central = generateSigningKeys();
const centralKey = loadPrivateKey(central.privateKeyPem);
const strangerKey = loadPrivateKey(generateSigningKeys().privateKeyPem);

describe('signed commands through a real Mosquitto, uplink and SQLite outbox', () => {
  let dir: string;
  let broker: MosquittoBroker | undefined;
  let db: Db | undefined;
  let uplink: Uplink | undefined;
  let processor: CommandProcessor | undefined;
  let centralClient: MqttClient | undefined;
  /** Result events as the central platform receives them, deduplicated by envelope id as it would. */
  const received = new Map<string, EventEnvelope & { data: CommandResultData }>();
  /** How many times each command's handler ran, by command id. */
  const runs = new Map<string, number>();
  const count = (id: string) => runs.set(id, (runs.get(id) ?? 0) + 1);

  const resultsFor = (commandId: string) =>
    [...received.values()]
      .sort((a, b) => a.seq - b.seq)
      .filter((envelope) => envelope.data.commandId === commandId)
      .map((envelope) => envelope.data);

  const publish = async (wire: string) => {
    await centralClient!.publishAsync(topics.command(STATION), wire, { qos: 1 });
  };

  /**
   * Commands run in arrival order and their results leave the outbox in seq
   * order, so once a later ping is answered at the broker every earlier
   * command has been answered too: no sleeping to "let duplicates arrive".
   */
  const settle = async (timeoutMs = 10_000) => {
    const marker = issueCommand(centralKey, { station: STATION, name: 'ping', args: {}, ttlMs: 60_000 });
    await publish(marker.wire);
    await waitFor(
      () => resultsFor(marker.id).length > 0,
      `the answer to marker ping ${marker.id}`,
      timeoutMs,
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-commands-it-'));
    broker = await startMosquitto();
    db = openDatabase(join(dir, 'edge.sqlite'));
    const outbox = new Outbox(db, STATION);
    const log = pino({ level: 'silent' });
    uplink = new Uplink(
      outbox,
      {
        url: broker.url,
        stationId: STATION,
        clientId: `yf-edge-${STATION}`,
        version: '0.0.0-test',
        bootCount: 1,
        protocolVersion: 5,
        keepaliveSeconds: 30,
        inflightWindow: 64,
        reconnectBaseMs: 100,
        reconnectCapMs: 1000,
      },
      log,
    );
    const link = uplink;
    processor = new CommandProcessor({
      db,
      outbox,
      link,
      stationId: STATION,
      centralPublicKey: loadPublicKey(central.publicKeyPem),
      handlers: {
        ping: (_args, context) => {
          count(context.commandId);
          return Promise.resolve(ok({ pong: true, at: new Date().toISOString() }));
        },
        'device.reset': ({ deviceId }, context) => {
          count(context.commandId);
          return Promise.resolve(ok({ deviceId, reopened: true }));
        },
      },
      onEventWritten: () => link.kick(),
      log,
    });
    processor.start();
    uplink.start();

    centralClient = await mqtt.connectAsync(broker.url, { clientId: 'central-commands', clean: true });
    centralClient.on('message', (_topic, payload) => {
      const envelope = eventEnvelopeSchema.parse(JSON.parse(payload.toString()));
      received.set(envelope.id, { ...envelope, data: commandResultDataSchema.parse(envelope.data) });
    });
    await centralClient.subscribeAsync(topics.event(STATION, 'command.result'), { qos: 1 });

    // The edge subscribes to its cmd topic only once connected; until then a
    // command would find no subscriber. Ping until one is answered.
    await waitFor(
      async () => {
        await settle(1000).catch(() => undefined);
        return received.size > 0;
      },
      'the edge to answer its first ping',
      20_000,
    );
    await settle(); // flush answers to any warm-up pings still in flight
  });

  afterAll(async () => {
    await centralClient?.endAsync(true).catch(() => undefined);
    await processor?.stop();
    await uplink?.stop();
    db?.close();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a command whose payload was altered after signing is rejected for its signature and not run', async () => {
    const { id, wire } = issueCommand(centralKey, {
      station: STATION,
      name: 'device.reset',
      args: { deviceId: 'reader-1' },
      ttlMs: 60_000,
    });
    const tampered = JSON.parse(wire) as { payload: string; sig: string };
    tampered.payload = tampered.payload.replace('reader-1', 'printer-1');
    await publish(JSON.stringify(tampered));
    await settle();
    expect(resultsFor(id)).toEqual([
      {
        commandId: id,
        name: 'device.reset',
        status: 'rejected',
        code: 'bad-signature',
        reason: expect.stringMatching(/signature does not match the central platform key/) as string,
      },
    ]);
    expect(runs.get(id)).toBeUndefined();
  });

  it('an expired command is rejected with when it expired and not run', async () => {
    const { id, wire } = issueCommand(centralKey, {
      station: STATION,
      name: 'ping',
      args: {},
      ttlMs: 60_000,
      now: Date.now() - 120_000,
    });
    await publish(wire);
    await settle();
    const results = resultsFor(id);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ commandId: id, status: 'rejected', code: 'expired' });
    expect(results[0]?.reason).toMatch(/^expired at .* ms before this station received it/);
    expect(runs.get(id)).toBeUndefined();
  });

  it('the same wire published twice runs once: one done, then one rejected as replayed', async () => {
    const { id, wire } = issueCommand(centralKey, {
      station: STATION,
      name: 'device.reset',
      args: { deviceId: 'scale-1' },
      ttlMs: 60_000,
    });
    await publish(wire);
    await publish(wire);
    await settle();
    expect(runs.get(id)).toBe(1);
    const results = resultsFor(id);
    expect(results.map((r) => [r.status, r.code])).toEqual([
      ['done', undefined],
      ['rejected', 'replayed'],
    ]);
    expect(results[0]?.result).toEqual({ deviceId: 'scale-1', reopened: true });
    expect(results[1]?.reason).toMatch(/^replayed: already handled at \S+Z \(done\); not run again$/);
  });

  it('a command signed with another key is rejected and not run', async () => {
    const { id, wire } = issueCommand(strangerKey, {
      station: STATION,
      name: 'ping',
      args: {},
      ttlMs: 60_000,
    });
    await publish(wire);
    await settle();
    expect(resultsFor(id)).toEqual([
      expect.objectContaining({ commandId: id, status: 'rejected', code: 'bad-signature' }),
    ]);
    expect(resultsFor(id)[0]?.reason).toMatch(/signed with another key, or changed after signing/);
    expect(runs.get(id)).toBeUndefined();
  });

  it('a valid ping delivered twice: the handler runs once and the central gets pong, then the replay', async () => {
    const { id, wire } = issueCommand(centralKey, {
      station: STATION,
      name: 'ping',
      args: {},
      ttlMs: 60_000,
    });
    await publish(wire);
    await publish(wire);
    await settle();
    expect(runs.get(id)).toBe(1);
    const results = resultsFor(id);
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ commandId: id, name: 'ping', status: 'done', result: { pong: true } });
    expect(results[1]).toMatchObject({ commandId: id, status: 'rejected', code: 'replayed' });
    const rows = db!
      .prepare<[string], { status: string }>('SELECT status FROM commands_seen WHERE id = ?')
      .all(id);
    expect(rows).toEqual([{ status: 'done' }]);
  });
});
