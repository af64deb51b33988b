import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { topics } from '@yaofang/shared';
import type { Ack, AckResult } from '@yaofang/shared/sync';
import { openDatabase, type Db } from '../store/database.ts';
import { Outbox } from '../store/outbox.ts';
import { AckConsumer } from './ack-consumer.ts';
import { FakeMqttLink } from './fake-mqtt-link.ts';
import { recordingLogger, type LogRecord } from './recording-logger.ts';

const STATION = 'S-1';
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AckConsumer', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;
  let link: FakeMqttLink;
  let records: LogRecord[];
  let consumer: AckConsumer;
  let acked: Array<{ upTo: number; results: AckResult[] }>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-acks-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, STATION);
    link = new FakeMqttLink();
    const recorder = recordingLogger();
    records = recorder.records;
    acked = [];
    consumer = new AckConsumer({
      db,
      link,
      stationId: STATION,
      log: recorder.log,
      onAcked: (a) => acked.push(a),
    });
    consumer.start();
  });

  afterEach(() => {
    consumer.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () =>
    db.prepare('SELECT seq, sent_at, acked_at, result FROM outbox ORDER BY seq').all() as Array<{
      seq: number;
      sent_at: number | null;
      acked_at: number | null;
      result: string | null;
    }>;
  const ack = (upTo: number, results: AckResult[] = []) =>
    link.deliver(
      topics.ack(STATION),
      JSON.stringify({ v: 1, station: STATION, upTo, results, ts: new Date().toISOString() } satisfies Ack),
    );

  it('marks every row up to upTo acked and stores each result', async () => {
    const events = [1, 2, 3].map((n) => outbox.appendNow('card.presented', { n }));
    outbox.markSent([1, 2, 3]);
    ack(2, [
      { id: events[0]!.id, seq: 1, status: 'applied' },
      { id: events[1]!.id, seq: 2, status: 'adjusted', reason: 'daily cap', data: { points: 5 } },
    ]);
    await tick();
    const [first, second, third] = rows();
    expect(first!.acked_at).not.toBeNull();
    expect(JSON.parse(first!.result!)).toEqual({ status: 'applied' });
    expect(JSON.parse(second!.result!)).toEqual({
      status: 'adjusted',
      reason: 'daily cap',
      data: { points: 5 },
    });
    expect(third!.acked_at).toBeNull();
    expect(acked).toEqual([{ upTo: 2, results: expect.any(Array) as unknown }]);
  });

  it('writes acks that arrive together in one batch', async () => {
    for (let n = 1; n <= 4; n++) outbox.appendNow('card.presented', { n });
    outbox.markSent([1, 2, 3, 4]);
    ack(1);
    ack(3);
    ack(2); // a redelivered older ack changes nothing
    await tick();
    expect(acked.map((a) => a.upTo)).toEqual([3]);
    expect(rows().map((r) => r.acked_at !== null)).toEqual([true, true, true, false]);
  });

  it('never confirms a row it has not sent: a forged or stray ack cannot hide an unsent event', async () => {
    outbox.appendNow('card.presented', { n: 1 });
    outbox.appendNow('card.presented', { n: 2 });
    outbox.markSent([1]);
    ack(2);
    await tick();
    expect(rows().map((r) => [r.seq, r.acked_at !== null, r.sent_at !== null])).toEqual([
      [1, false, true],
      [2, false, false],
    ]);
    expect(outbox.backlog()).toBe(1);
  });

  it("flushes the uplink's pending sent marks before judging an ack", async () => {
    consumer.stop();
    outbox.appendNow('card.presented', {});
    consumer = new AckConsumer({
      db,
      link,
      stationId: STATION,
      log: recordingLogger().log,
      beforeAck: () => outbox.markSent([1]),
    });
    consumer.start();
    ack(1);
    await tick();
    expect(rows()[0]!.acked_at).not.toBeNull();
  });

  it('ignores a whole ack that claims seqs it never sent, and says so', async () => {
    const event = outbox.appendNow('card.presented', {});
    outbox.markSent([1]);
    ack(5, [
      { id: event.id, seq: 1, status: 'applied' },
      { id: '0190b6a4-0000-7000-8000-000000000000', seq: 4, status: 'rejected' },
    ]);
    await tick();
    expect(rows().map((r) => [r.seq, r.acked_at, r.result])).toEqual([[1, null, null]]);
    const warnings = records.filter((r) => r.level === 40).map((r) => r.msg);
    expect(warnings).toEqual(['ack claims seqs 2..5 that this station has not sent; ack ignored']);
    ack(1, [{ id: event.id, seq: 1, status: 'applied' }]);
    await tick();
    expect(rows()[0]!.acked_at).not.toBeNull();
  });

  it('ignores a result whose id is not the event this station sent at that seq', async () => {
    outbox.appendNow('card.presented', {});
    outbox.markSent([1]);
    ack(1, [{ id: '0190b6a4-0000-7000-8000-000000000000', seq: 1, status: 'rejected' }]);
    await tick();
    expect(rows()[0]!.result).toBeNull();
    expect(records.map((r) => r.msg)).toContain(
      'ack result ignored: this station sent a different event at that seq',
    );
  });

  it('ignores acks for another station or of the wrong shape', async () => {
    outbox.appendNow('card.presented', {});
    link.deliver(
      topics.ack(STATION),
      JSON.stringify({ v: 1, station: 'S-2', upTo: 1, results: [], ts: new Date().toISOString() }),
    );
    link.deliver(topics.ack(STATION), '{"v":1,"upTo":"all"}');
    await tick();
    expect(rows()[0]!.acked_at).toBeNull();
    expect(records.map((r) => r.msg)).toEqual([
      'ack ignored: it is for another station',
      'ack ignored: not a v1 ack',
    ]);
  });

  it('waits for the sent marks of rows an ack covers, then confirms them', async () => {
    outbox.appendNow('card.presented', { n: 1 });
    ack(1); // the central was quicker than our PUBACK bookkeeping
    await tick();
    expect(rows()[0]!.acked_at).toBeNull();
    outbox.markSent([1]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(rows()[0]!.acked_at).not.toBeNull();
  });
});
