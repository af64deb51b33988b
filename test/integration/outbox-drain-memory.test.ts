import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { openDatabase } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { SimulatedStation } from '../harness/station.ts';
import { fakeCardKey } from '../harness/edge-in-process.ts';
import { samplePeakRss } from '../harness/process-memory.ts';
import { waitFor } from '../harness/free-port.ts';

/** Fill a station's outbox while its agent is stopped, as hours offline would. */
function prefill(file: string, stationId: string, count: number): void {
  const db = openDatabase(file);
  const outbox = new Outbox(db, stationId);
  db.transaction(() => {
    for (let i = 1; i <= count; i++)
      outbox.append('card.presented', { cardKey: fakeCardKey(i), reader: 'backlog' });
  })();
  db.close();
}

describe('draining a large outbox streams rows instead of loading them', () => {
  let broker: MosquittoBroker;
  let subscriber: MqttClient;
  const lastSeq = new Map<string, number>();
  const dirs: string[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'drain-counter' });
    subscriber.on('message', (topic, payload) => {
      const { station, seq } = JSON.parse(payload.toString()) as { station: string; seq: number };
      lastSeq.set(station, Math.max(lastSeq.get(station) ?? 0, seq));
    });
    await subscriber.subscribeAsync('yf/v1/+/evt/#', { qos: 1 });
  });

  afterAll(async () => {
    await subscriber?.endAsync(true);
    await broker?.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function peakRssDraining(
    stationId: string,
    backlog: number,
    env: Record<string, string> = {},
  ): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'yf-drain-'));
    dirs.push(dir);
    const station = await SimulatedStation.start({ dir, stationId, mqttUrl: broker.url });
    try {
      await station.stopAgent();
      prefill(station.databaseFile, stationId, backlog);
      const agent = await station.startAgent({ env });
      const sampler = samplePeakRss(agent.process.child.pid!);
      await waitFor(
        () => (lastSeq.get(stationId) ?? 0) >= backlog,
        `${backlog} events drained`,
        240_000,
        100,
      );
      return sampler.stop();
    } finally {
      await station.stop();
    }
  }

  it('100,000 buffered rows drain in a heap too small to hold them', async () => {
    // Holding 100,000 rows costs about 46 MiB of heap (measured: outbox rows as JS strings). The agent
    // drains them with its old generation capped at 48 MiB, which it could not survive if it loaded them.
    const peak = await peakRssDraining('DRAIN-100K', 100_000, { NODE_OPTIONS: '--max-old-space-size=48' });
    console.log(`peak agent RSS draining 100,000 rows: ${(peak / 2 ** 20).toFixed(1)} MiB`);
    expect(lastSeq.get('DRAIN-100K')).toBe(100_000);
  });
});
