import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { topics } from '@yaofang/shared';
import { requestSchema, type CentralRequest } from '@yaofang/shared/sync';
import { FakeMqttLink } from './fake-mqtt-link.ts';
import { recordingLogger, type LogRecord } from './recording-logger.ts';
import { RequestClient, type RequestFallback } from './request-client.ts';

const STATION = 'S-1';
const residentKey = 'a'.repeat(64);
const cached = { residentKey, account: 'points', balance: 80, asOf: '2025-03-01T08:00:00.000Z' };

describe('RequestClient', () => {
  let link: FakeMqttLink;
  let records: LogRecord[];
  let cache: Map<string, unknown>;
  let client: RequestClient;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2025-03-01T10:00:00.000Z') });
    link = new FakeMqttLink();
    const recorder = recordingLogger();
    records = recorder.records;
    cache = new Map([['balance', cached]]);
    const fallback: RequestFallback = (kind) => cache.get(kind);
    client = new RequestClient({ link, stationId: STATION, log: recorder.log, fallback });
    client.start();
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  /** The request the client published last, checked against the contract. */
  const lastRequest = (): CentralRequest => requestSchema.parse(JSON.parse(link.published.at(-1)!.payload));
  const answer = (id: string, data: unknown) =>
    link.deliver(topics.response(STATION), JSON.stringify({ v: 1, id, status: 'ok', data }));

  it('publishes a request with an id and a deadline, and resolves the timely answer from the central', async () => {
    const pending = client.request('balance', { residentKey, account: 'points' }, { timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(link.published.at(-1)).toMatchObject({ topic: topics.request(STATION), qos: 1 });
    const request = lastRequest();
    expect(request).toMatchObject({ kind: 'balance', deadline: '2025-03-01T10:00:02.000Z' });
    await vi.advanceTimersByTimeAsync(1500);
    answer(request.id, { ...cached, balance: 95 });
    await expect(pending).resolves.toEqual({ source: 'central', data: { ...cached, balance: 95 } });
  });

  it('gives the cache flagged stale at the deadline, and ignores the late answer (logged)', async () => {
    const pending = client.request('balance', { residentKey, account: 'points' }, { timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(1999);
    const { id } = lastRequest();
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual({
      source: 'cache',
      stale: true,
      data: cached,
      reason: 'deadline',
    });
    answer(id, { ...cached, balance: 95 });
    expect(records.some((r) => r.msg.startsWith('late response ignored') && r.id === id)).toBe(true);
  });

  it('answers from the cache at once when the link is down, without publishing', async () => {
    link.setConnected(false);
    const outcome = await client.request('balance', { residentKey, account: 'points' }, { timeoutMs: 2000 });
    expect(outcome).toEqual({ source: 'cache', stale: true, data: cached, reason: 'offline' });
    expect(link.published).toEqual([]);
  });

  it('falls back as offline when the link drops while waiting', async () => {
    const pending = client.request('balance', { residentKey, account: 'points' }, { timeoutMs: 60_000 });
    await vi.advanceTimersByTimeAsync(10);
    link.setConnected(false);
    await expect(pending).resolves.toMatchObject({ source: 'cache', reason: 'offline' });
  });

  it('gives none with the reason when nothing is cached', async () => {
    cache.clear();
    link.setConnected(false);
    await expect(client.request('history', {}, { timeoutMs: 1000 })).resolves.toEqual({
      source: 'none',
      reason: 'offline',
    });
    link.setConnected(true);
    const pending = client.request('approval.status', { ref: 'A-1' }, { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(pending).resolves.toEqual({ source: 'none', reason: 'deadline' });
  });

  it('falls back with the central error when the central answers one', async () => {
    const pending = client.request('balance', { residentKey, account: 'points' }, { timeoutMs: 2000 });
    await vi.advanceTimersByTimeAsync(0);
    const { id } = lastRequest();
    link.deliver(
      topics.response(STATION),
      JSON.stringify({ v: 1, id, status: 'error', error: 'ledger busy' }),
    );
    await expect(pending).resolves.toEqual({
      source: 'cache',
      stale: true,
      data: cached,
      reason: 'error',
      error: 'ledger busy',
    });
  });

  it('ignores an answer nobody asked for, and malformed ones, saying so', () => {
    answer('0190b6a4-0000-7000-8000-000000000000', {});
    link.deliver(topics.response(STATION), '{"v":1}');
    expect(records.map((r) => r.msg)).toEqual([
      'response ignored: no request with that id is waiting',
      'response ignored: not a v1 response',
    ]);
  });
});
