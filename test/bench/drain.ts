import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pino from 'pino';
import { openDatabase } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { Uplink } from '@yaofang/edge-agent/uplink/uplink';
import type { MosquittoBroker } from '../harness/mosquitto.ts';
import { fakeCardKey } from '../harness/edge-in-process.ts';

/** Build a station database holding `count` unsent events; returns its payloads too. */
export function prefilledStation(
  stationId: string,
  count: number,
): { dir: string; file: string; payloads: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-'));
  const file = join(dir, 'edge.sqlite');
  const db = openDatabase(file);
  const outbox = new Outbox(db, stationId);
  db.transaction(() => {
    for (let i = 1; i <= count; i++)
      outbox.append('card.presented', { cardKey: fakeCardKey(i), reader: 'bench' });
  })();
  const payloads = outbox.nextUnsent(0, count).map((row) => row.payload);
  db.close();
  return { dir, file, payloads };
}

/** Our uplink draining a prefilled outbox: ms from start until every row is PUBACKed and marked sent. */
export async function drainWithUplink(
  broker: MosquittoBroker,
  stationId: string,
  count: number,
): Promise<number> {
  const { dir, file } = prefilledStation(stationId, count);
  const db = openDatabase(file);
  const outbox = new Outbox(db, stationId);
  const uplink = new Uplink(
    outbox,
    {
      url: broker.url,
      stationId,
      clientId: `bench-${stationId}`,
      version: 'bench',
      bootCount: 1,
      protocolVersion: 5,
      keepaliveSeconds: 30,
      inflightWindow: Number(process.env.BENCH_WINDOW ?? 64),
      reconnectBaseMs: 100,
      reconnectCapMs: 1000,
    },
    pino({ level: 'silent' }),
  );
  const started = performance.now();
  uplink.start();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (outbox.backlog() === 0) {
        clearInterval(check);
        resolve();
      }
    }, 50);
  });
  const elapsed = performance.now() - started;
  await uplink.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return elapsed;
}

/** The reference: `mosquitto_pub -q 1 -l` publishing the same payloads, one per line. */
export async function drainWithMosquittoPub(
  broker: MosquittoBroker,
  payloads: readonly string[],
): Promise<number> {
  const started = performance.now();
  const child = spawn(
    'mosquitto_pub',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-q',
      '1',
      '-l',
      '-t',
      'yf/v1/BENCH-REF/evt/card.presented',
      '-i',
      'bench-ref',
    ],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.stdin.end(`${payloads.join('\n')}\n`);
  const code = await exited;
  if (code !== 0) throw new Error(`mosquitto_pub exited ${code}: ${stderr}`);
  return performance.now() - started;
}

/** A subscriber is not needed for PUBACK timing, but keep the broker honest about delivery: count what arrives. */
export async function countingSubscriber(
  broker: MosquittoBroker,
): Promise<{ count(): number; stop(): Promise<void> }> {
  let received = 0;
  const client = await mqtt.connectAsync(broker.url, { clientId: 'bench-counter' });
  client.on('message', () => received++);
  await client.subscribeAsync('yf/v1/#', { qos: 0 });
  return { count: () => received, stop: () => client.endAsync(true) };
}
