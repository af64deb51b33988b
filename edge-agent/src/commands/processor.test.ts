import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import {
  err,
  eventEnvelopeSchema,
  generateSigningKeys,
  loadPrivateKey,
  loadPublicKey,
  ok,
  signPayload,
  type Disposer,
} from '@yaofang/shared';
import { commandResultDataSchema, issueCommand, type CommandResultData } from '@yaofang/shared/commands';
import { openDatabase, type Db } from '../store/database.ts';
import { Outbox } from '../store/outbox.ts';
import type { MqttLink } from '../uplink/uplink.ts';
import type { CommandHandlers } from './handlers.ts';
import { CommandProcessor, PRUNE_MARGIN_MS, type CommandProcessorDeps } from './processor.ts';

const STATION = 'S-1';
const NOW = Date.parse('2025-03-01T08:00:00.000Z');
const central = generateSigningKeys();
const privateKey = loadPrivateKey(central.privateKeyPem);

/** Just enough of the uplink: records subscriptions and delivers messages to them. */
class FakeLink implements MqttLink {
  readonly subscriptions = new Map<string, (topic: string, payload: Buffer) => void>();
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): Disposer {
    this.subscriptions.set(filter, handler);
    return () => this.subscriptions.delete(filter);
  }
  publish(): Promise<boolean> {
    return Promise.resolve(false);
  }
  isConnected(): boolean {
    return true;
  }
  onConnection(): Disposer {
    return () => undefined;
  }
  deliver(topic: string, payload: string): void {
    this.subscriptions.get(topic)?.(topic, Buffer.from(payload));
  }
}

function ping(overrides: { now?: number; ttlMs?: number; station?: string } = {}) {
  return issueCommand(privateKey, {
    station: overrides.station ?? STATION,
    name: 'ping',
    args: {},
    ttlMs: overrides.ttlMs ?? 60_000,
    now: overrides.now ?? NOW,
  });
}

describe('CommandProcessor', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;
  let link: FakeLink;
  let written: number;
  let processor: CommandProcessor | null;

  function makeProcessor(overrides: Partial<CommandProcessorDeps> = {}): CommandProcessor {
    processor = new CommandProcessor({
      db,
      outbox,
      link,
      stationId: STATION,
      centralPublicKey: loadPublicKey(central.publicKeyPem),
      handlers: {},
      clock: () => NOW,
      skewToleranceMs: 60_000,
      handlerTimeoutMs: 5_000,
      onEventWritten: () => written++,
      log: pino({ level: 'silent' }),
      ...overrides,
    });
    return processor;
  }

  function results(): CommandResultData[] {
    return db
      .prepare<[], { payload: string }>(
        "SELECT payload FROM outbox WHERE type = 'command.result' ORDER BY seq",
      )
      .all()
      .map((row) => commandResultDataSchema.parse(eventEnvelopeSchema.parse(JSON.parse(row.payload)).data));
  }

  function seen(): Array<{ id: string; status: string }> {
    return db.prepare<[], { id: string; status: string }>('SELECT id, status FROM commands_seen').all();
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-commands-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, STATION, () => NOW);
    link = new FakeLink();
    written = 0;
    processor = null;
  });
  afterEach(async () => {
    vi.useRealTimers();
    await processor?.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('subscribes to its cmd topic on start, answers a ping, and unsubscribes on stop', async () => {
    const commands = makeProcessor();
    commands.start();
    expect([...link.subscriptions.keys()]).toEqual(['yf/v1/S-1/cmd']);
    const { id, wire } = ping();
    link.deliver('yf/v1/S-1/cmd', wire);
    await commands.whenIdle();
    expect(results()).toEqual([
      { commandId: id, name: 'ping', status: 'done', result: { pong: true, at: '2025-03-01T08:00:00.000Z' } },
    ]);
    expect(seen()).toEqual([{ id, status: 'done' }]);
    expect(written).toBe(1);
    await commands.stop();
    expect(link.subscriptions.size).toBe(0);
  });

  it('answers a message so broken no id can be read with a rejected result whose id is null', async () => {
    const outcome = await makeProcessor().handle('{"payload": 42');
    expect(outcome?.data).toMatchObject({
      commandId: null,
      name: null,
      status: 'rejected',
      code: 'malformed',
    });
    expect(results()[0]?.reason).toMatch(/message is not JSON/);
    expect(seen()).toEqual([]);
    expect(written).toBe(1);
  });

  const signedAs = (fields: Record<string, unknown>, key = privateKey) =>
    signPayload(key, {
      v: 1,
      id: '01954f7a-0000-7000-8000-00000000abcd',
      station: STATION,
      name: 'ping',
      args: {},
      issuedAt: new Date(NOW - 1000).toISOString(),
      expiresAt: new Date(NOW + 60_000).toISOString(),
      ...fields,
    });

  it.each([
    [
      'bad-signature',
      signedAs({}, loadPrivateKey(generateSigningKeys().privateKeyPem)),
      /signature does not match/,
      false,
    ],
    ['invalid-payload', signedAs({ v: 2 }), /signed payload is not valid: v/, false],
    ['wrong-station', signedAs({ station: 'S-9' }), /for station S-9, this is station S-1/, true],
    [
      'expired',
      signedAs({ expiresAt: new Date(NOW).toISOString() }),
      /^expired at 2025-03-01T08:00:00.000Z/,
      true,
    ],
    [
      'issued-in-future',
      signedAs({
        issuedAt: new Date(NOW + 120_000).toISOString(),
        expiresAt: new Date(NOW + 180_000).toISOString(),
      }),
      /120000 ms ahead .*tolerance 60000 ms/,
      true,
    ],
    ['unknown-command', signedAs({ name: 'door.unlock' }), /unknown command "door.unlock"/, true],
    ['invalid-args', signedAs({ args: { loud: true } }), /^invalid args for ping: /, true],
    [
      'unsupported',
      signedAs({ name: 'bin.open', args: { compartment: 0, reason: 'x' } }),
      /does not support bin.open/,
      true,
    ],
  ] as const)(
    '%s: writes a rejected result with the reason; seen row only for a signed id: %s',
    async (code, wire, reason, recorded) => {
      const handlers: Partial<CommandHandlers> = { ping: vi.fn(() => Promise.resolve(ok({}))) };
      const outcome = await makeProcessor({ handlers }).handle(wire);
      expect(outcome?.data).toMatchObject({
        status: 'rejected',
        code,
        commandId: '01954f7a-0000-7000-8000-00000000abcd',
      });
      expect(results()).toHaveLength(1);
      expect(results()[0]?.reason).toMatch(reason);
      expect(seen()).toEqual(
        recorded ? [{ id: '01954f7a-0000-7000-8000-00000000abcd', status: 'rejected' }] : [],
      );
      expect(handlers.ping).not.toHaveBeenCalled();
    },
  );

  it('runs a command delivered twice once, and answers the replay as rejected', async () => {
    const handler = vi.fn(() => Promise.resolve(ok({ pong: true })));
    const commands = makeProcessor({ handlers: { ping: handler } });
    const { id, wire } = ping();
    await commands.handle(wire);
    await commands.handle(wire);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(results().map((r) => [r.commandId, r.status, r.code])).toEqual([
      [id, 'done', undefined],
      [id, 'rejected', 'replayed'],
    ]);
    expect(results()[1]?.reason).toBe(
      'replayed: already handled at 2025-03-01T08:00:00.000Z (done); not run again',
    );
    expect(seen()).toEqual([{ id, status: 'done' }]);
  });

  it('forgets a seen command only once it expired past the margin; a late replay is then refused as expired', async () => {
    let now = NOW;
    const handler = vi.fn(() => Promise.resolve(ok({ pong: true })));
    const commands = makeProcessor({ handlers: { ping: handler }, clock: () => now });
    const { id, wire } = ping({ ttlMs: 60_000 });
    await commands.handle(wire);
    now = NOW + 60_000 + PRUNE_MARGIN_MS - 1;
    expect(commands.pruneSeen()).toBe(0);
    expect(seen()).toEqual([{ id, status: 'done' }]);
    now = NOW + 60_000 + PRUNE_MARGIN_MS + 1;
    expect(commands.pruneSeen()).toBe(1);
    expect(seen()).toEqual([]);
    await commands.handle(wire);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(results().at(-1)).toMatchObject({ commandId: id, status: 'rejected', code: 'expired' });
  });

  it('a second delivery arriving while the first still runs waits, then is a replay', async () => {
    let release!: () => void;
    const handler = vi.fn(
      () => new Promise<ReturnType<typeof ok<object>>>((resolve) => (release = () => resolve(ok({})))),
    );
    const commands = makeProcessor({ handlers: { ping: handler } });
    const { wire } = ping();
    const first = commands.handle(wire);
    const second = commands.handle(wire);
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    release();
    expect((await first)?.data.status).toBe('done');
    expect((await second)?.data.code).toBe('replayed');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('a throwing handler gives failed with its message; an err() result gives failed with the error', async () => {
    const commands = makeProcessor({
      handlers: {
        'device.reset': () => Promise.reject(new Error('port /dev/ttyUSB3 vanished')),
        'rules.apply': () => Promise.resolve(err('no stored rules document of kind rules at version 4')),
      },
    });
    const reset = issueCommand(privateKey, {
      station: STATION,
      name: 'device.reset',
      args: { deviceId: 'reader-1' },
      ttlMs: 60_000,
      now: NOW,
    });
    const apply = issueCommand(privateKey, {
      station: STATION,
      name: 'rules.apply',
      args: { kind: 'rules', version: 4 },
      ttlMs: 60_000,
      now: NOW,
    });
    await commands.handle(reset.wire);
    await commands.handle(apply.wire);
    expect(results()).toEqual([
      {
        commandId: reset.id,
        name: 'device.reset',
        status: 'failed',
        code: 'handler-failed',
        reason: 'device.reset threw: port /dev/ttyUSB3 vanished',
      },
      {
        commandId: apply.id,
        name: 'rules.apply',
        status: 'failed',
        code: 'handler-failed',
        reason: 'rules.apply failed: no stored rules document of kind rules at version 4',
      },
    ]);
    expect(seen().map((row) => row.status)).toEqual(['failed', 'failed']);
  });

  it('a handler slower than the timeout gives failed by timeout and is told to stop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | undefined;
    const commands = makeProcessor({
      handlerTimeoutMs: 5_000,
      handlers: {
        'logs.request': (_args, context) => {
          signal = context.signal;
          return new Promise(() => undefined);
        },
      },
    });
    const { id, wire } = issueCommand(privateKey, {
      station: STATION,
      name: 'logs.request',
      args: {},
      ttlMs: 60_000,
      now: NOW,
    });
    const outcome = commands.handle(wire);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(results()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect((await outcome)?.data).toEqual({
      commandId: id,
      name: 'logs.request',
      status: 'failed',
      code: 'timeout',
      reason: 'logs.request did not finish within 5000 ms and was abandoned; it may have partly run',
    });
    expect(signal?.aborted).toBe(true);
  });

  it('writes the commands_seen row and the result event in one transaction: a failure between leaves neither', async () => {
    const handler = vi.fn(() => Promise.resolve(ok({ pong: true })));
    const commands = makeProcessor({ handlers: { ping: handler } });
    const realAppend = outbox.append.bind(outbox);
    const append = vi.spyOn(outbox, 'append').mockImplementationOnce((...args) => {
      realAppend(...args);
      throw new Error('disk I/O error');
    });
    const { id, wire } = ping();
    expect(await commands.handle(wire)).toBeNull();
    expect(seen()).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(written).toBe(0);

    // Nothing recorded, so a redelivery is not a replay: it runs (again) and is answered once.
    append.mockRestore();
    expect((await commands.handle(wire))?.data.status).toBe('done');
    expect(handler).toHaveBeenCalledTimes(2);
    expect(seen()).toEqual([{ id, status: 'done' }]);
    expect(results()).toHaveLength(1);
  });

  it('refuses a result that cannot travel in an event', async () => {
    const commands = makeProcessor({
      handlers: { 'logs.request': () => Promise.resolve(ok({ text: 'x'.repeat(20_000) })) },
    });
    const { wire } = issueCommand(privateKey, {
      station: STATION,
      name: 'logs.request',
      args: {},
      ttlMs: 60_000,
      now: NOW,
    });
    const outcome = await commands.handle(wire);
    expect(outcome?.data).toMatchObject({ status: 'failed', code: 'handler-failed' });
    expect(outcome?.data.reason).toMatch(/over the 16384 allowed/);
  });

  it('on stop, answers commands still queued as rejected (stopping) instead of dropping them', async () => {
    let release!: () => void;
    const commands = makeProcessor({
      handlers: { ping: () => new Promise((resolve) => (release = () => resolve(ok({})))) },
    });
    commands.start();
    const first = ping();
    const queued = ping();
    link.deliver('yf/v1/S-1/cmd', first.wire);
    link.deliver('yf/v1/S-1/cmd', queued.wire);
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    const stopped = commands.stop();
    release();
    await stopped;
    expect(results().map((r) => [r.commandId, r.status, r.code])).toEqual([
      [first.id, 'done', undefined],
      [queued.id, 'rejected', 'stopping'],
    ]);
  });
});
