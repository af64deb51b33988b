import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { eventEnvelopeSchema, type EventEnvelope } from '@yaofang/shared';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'CRASH-01';

function outboxRows(file: string): Array<{ seq: number; id: string; sent_at: number | null }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT seq, id, sent_at FROM outbox ORDER BY seq').all() as Array<{
      seq: number;
      id: string;
      sent_at: number | null;
    }>;
  } finally {
    db.close();
  }
}

describe('SIGKILL after the outbox write and before PUBACK', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let station: SimulatedStation | null;
  let subscriber: MqttClient;
  let received: EventEnvelope[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-crash-'));
    broker = await startMosquitto();
    received = [];
    subscriber = await mqtt.connectAsync(broker.url, {
      clientId: 'crash-subscriber',
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: 600 },
    });
    subscriber.on('message', (_topic, payload) =>
      received.push(eventEnvelopeSchema.parse(JSON.parse(payload.toString()))),
    );
    await subscriber.subscribeAsync(`yf/v1/${STATION}/evt/#`, { qos: 1 });
    station = null;
  });

  afterEach(async () => {
    await subscriber?.endAsync(true);
    await station?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed right after the commit, before publishing: the event arrives exactly once after restart', async () => {
    station = await SimulatedStation.start({
      dir,
      stationId: STATION,
      mqttUrl: broker.url,
      failpoint: 'after-outbox-commit',
    });
    const agent = station.agent!;
    station.reader.tap(DEMO_CARDS[0]);
    const exit = await agent.process.exited;
    expect(exit.signal).toBe('SIGKILL');

    const rows = outboxRows(station.databaseFile);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: 1, sent_at: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(0);

    await station.startAgent({ failpoint: undefined });
    await waitFor(() => received.length >= 1, 'the event after restart');
    await waitFor(() => outboxRows(station!.databaseFile)[0]?.sent_at, 'the row marked sent on PUBACK');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would arrive by now
    expect(received.map((e) => [e.seq, e.id])).toEqual([[1, rows[0]!.id]]);
  });

  it('killed while the broker is down: the stored event arrives exactly once when both come back', async () => {
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    await broker.stop();
    station.reader.tap(DEMO_CARDS[1]);
    const rows = await waitFor(() => {
      const found = outboxRows(station!.databaseFile);
      return found.length === 1 ? found : null;
    }, 'the outbox row');
    station.agent!.process.kill('SIGKILL');
    await station.agent!.process.exited;
    expect(outboxRows(station.databaseFile)[0]!.sent_at).toBeNull();

    await broker.start();
    await station.startAgent();
    await waitFor(() => received.length >= 1, 'the event after restart', 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received.map((e) => [e.seq, e.id])).toEqual([[1, rows[0]!.id]]);
  });
});
