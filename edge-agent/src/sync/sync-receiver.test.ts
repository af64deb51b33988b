import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSigningKeys, loadPrivateKey, loadPublicKey, signPayload, topics } from '@yaofang/shared';
import type { BalanceSnapshot, CardBinding, SyncDocument } from '@yaofang/shared/sync';
import { openDatabase, type Db } from '../store/database.ts';
import { FakeMqttLink } from './fake-mqtt-link.ts';
import { recordingLogger, type LogRecord } from './recording-logger.ts';
import { SyncReceiver } from './sync-receiver.ts';
import { SyncStore } from './sync-store.ts';

const STATION = 'S-1';
const keys = generateSigningKeys();
const centralKey = loadPrivateKey(keys.privateKeyPem);
const key = (n: number) => n.toString(16).padStart(64, '0');
const issuedAt = '2025-03-01T08:00:00.000Z';

const cards = (version: number, data: CardBinding[], station: string | null = STATION): SyncDocument => ({
  v: 1,
  kind: 'cards',
  version,
  issuedAt,
  ...(station ? { station } : {}),
  data,
});
const balances = (version: number, data: BalanceSnapshot[]): SyncDocument => ({
  v: 1,
  kind: 'balances',
  version,
  issuedAt,
  station: STATION,
  data,
});
const resident = (card: number, person: number): CardBinding => ({
  cardKey: key(card),
  residentKey: key(person),
  household: `H-${person}`,
  kind: 'resident',
});
const points = (person: number, balance: number, asOf = issuedAt): BalanceSnapshot => ({
  residentKey: key(person),
  account: 'points',
  balance,
  asOf,
});

describe('SyncReceiver', () => {
  let dir: string;
  let db: Db;
  let link: FakeMqttLink;
  let records: LogRecord[];
  let receiver: SyncReceiver;
  let store: SyncStore;
  let applied: Array<[string, number, string]>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-sync-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    link = new FakeMqttLink();
    const recorder = recordingLogger();
    records = recorder.records;
    applied = [];
    receiver = new SyncReceiver({
      db,
      link,
      stationId: STATION,
      centralPublicKey: loadPublicKey(keys.publicKeyPem),
      log: recorder.log,
      onApplied: (kind, version, scope) => applied.push([kind, version, scope]),
    });
    receiver.start();
    store = new SyncStore(db);
  });

  afterEach(() => {
    receiver.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (document: SyncDocument, topic = topics.sync(STATION, document.kind)) => {
    const wire = signPayload(centralKey, document);
    link.deliver(topic, wire);
    return wire;
  };
  const warnings = () => records.filter((r) => r.level === 40).map((r) => `${r.msg}: ${String(r.reason)}`);

  it('subscribes to its sync topics and the district rules', () => {
    expect(link.subscriptions().sort()).toEqual([topics.districtRules(), topics.sync(STATION, '+')].sort());
  });

  it('stores a document exactly as received and applies its card bindings', () => {
    const wire = JSON.parse(send(cards(1, [resident(1, 10)]))) as { payload: string; sig: string };
    expect(store.document('cards')).toMatchObject({ version: 1, payload: wire.payload, signature: wire.sig });
    expect(store.cardBinding(key(1))).toEqual({ ...resident(1, 10), version: 1 });
    expect(applied).toEqual([['cards', 1, 'station']]);
  });

  it('replaces every card binding with a new cards version', () => {
    send(cards(1, [resident(1, 10), resident(2, 11)]));
    send(cards(2, [resident(3, 12)]));
    expect(store.cardBinding(key(1))).toBeNull();
    expect(store.cardBinding(key(2))).toBeNull();
    expect(store.cardBinding(key(3))).toMatchObject({ residentKey: key(12), version: 2 });
  });

  it('upserts balance snapshots: residents not in the new document keep theirs', () => {
    send(balances(1, [points(10, 100), points(11, 50)]));
    send(balances(2, [points(10, 120, '2025-03-01T09:00:00.000Z')]));
    expect(store.balance(key(10), 'points')).toMatchObject({
      balance: 120,
      asOf: '2025-03-01T09:00:00.000Z',
    });
    expect(store.balance(key(11), 'points')).toMatchObject({ balance: 50 });
    expect(store.balance(key(11), 'minutes')).toBeNull();
  });

  it('refuses an older version and keeps the stored one, saying why', () => {
    send(cards(5, [resident(1, 10)]));
    const outcome = receiver.receive(
      topics.sync(STATION, 'cards'),
      signPayload(centralKey, cards(4, [resident(2, 11)])),
    );
    expect(outcome).toMatchObject({ status: 'refused', code: 'stale-version' });
    expect(store.document('cards')?.version).toBe(5);
    expect(store.cardBinding(key(1))).not.toBeNull();
    expect(warnings()).toEqual(['sync document refused: version 4 is older than the stored version 5']);
  });

  it('takes the same version again as a no-op (a retained copy after a reconnect)', () => {
    const wire = send(cards(1, [resident(1, 10)]));
    const before = store.document('cards');
    expect(receiver.receive(topics.sync(STATION, 'cards'), wire)).toMatchObject({ status: 'unchanged' });
    expect(store.document('cards')).toEqual(before);
    expect(applied).toHaveLength(1);
    expect(warnings()).toEqual([]);
  });

  it('refuses the same version with different content', () => {
    send(cards(1, [resident(1, 10)]));
    const outcome = receiver.receive(
      topics.sync(STATION, 'cards'),
      signPayload(centralKey, cards(1, [resident(2, 11)])),
    );
    expect(outcome).toMatchObject({ status: 'refused', code: 'version-conflict' });
    expect(store.cardBinding(key(1))).not.toBeNull();
  });

  it('refuses a document for another station, or naming none on a station topic', () => {
    const topic = topics.sync(STATION, 'cards');
    expect(
      receiver.receive(topic, signPayload(centralKey, cards(1, [resident(1, 10)], 'S-2'))),
    ).toMatchObject({
      status: 'refused',
      code: 'wrong-station',
      reason: 'document is for station S-2, this is S-1',
    });
    expect(receiver.receive(topic, signPayload(centralKey, cards(1, [], null)))).toMatchObject({
      code: 'wrong-station',
    });
    expect(store.document('cards')).toBeNull();
  });

  it('refuses a tampered document and keeps the stored one unchanged', () => {
    send(cards(1, [resident(1, 10)]));
    const before = store.document('cards');
    const wire = JSON.parse(signPayload(centralKey, cards(2, [resident(1, 10)]))) as { payload: string };
    wire.payload = wire.payload.replace(key(10), key(99));
    const outcome = receiver.receive(topics.sync(STATION, 'cards'), JSON.stringify(wire));
    expect(outcome).toMatchObject({ status: 'refused', code: 'bad-signature' });
    expect(store.document('cards')).toEqual(before);
    expect(store.cardBinding(key(1))?.residentKey).toBe(key(10));
  });

  it('refuses a document signed by another key', () => {
    const other = loadPrivateKey(generateSigningKeys().privateKeyPem);
    const outcome = receiver.receive(
      topics.sync(STATION, 'cards'),
      signPayload(other, cards(1, [resident(1, 10)])),
    );
    expect(outcome).toMatchObject({ status: 'refused', code: 'bad-signature' });
  });

  it('refuses a bad shape and a kind that does not match its topic, naming the problem', () => {
    const mentionsBalance: unknown = expect.stringMatching(/data\.0\.balance/);
    const fractional = { ...balances(1, []), data: [{ ...points(10, 0), balance: 2.5 }] };
    expect(
      receiver.receive(topics.sync(STATION, 'balances'), signPayload(centralKey, fractional)),
    ).toMatchObject({
      status: 'refused',
      code: 'invalid-payload',
      reason: mentionsBalance,
    });
    expect(
      receiver.receive(topics.sync(STATION, 'balances'), signPayload(centralKey, cards(1, []))),
    ).toMatchObject({ status: 'refused', code: 'kind-mismatch' });
    expect(
      receiver.receive(topics.sync(STATION, 'photos'), signPayload(centralKey, cards(1, []))),
    ).toMatchObject({
      code: 'unknown-topic',
    });
    expect(receiver.receive(topics.sync(STATION, 'cards'), 'not json')).toMatchObject({ code: 'malformed' });
    expect(store.document('balances')).toBeNull();
  });

  it('keeps district rules and the station rules apart', () => {
    const rules = (version: number, data: Record<string, unknown>, station?: string): SyncDocument => ({
      v: 1,
      kind: 'rules',
      version,
      issuedAt,
      ...(station ? { station } : {}),
      data,
    });
    send(rules(7, { dropWindows: ['07:00-09:00'] }), topics.districtRules());
    send(rules(2, { dropWindows: ['18:00-20:00'] }, STATION));
    expect(store.storedRules()).toEqual({
      district: { version: 7, issuedAt, data: { dropWindows: ['07:00-09:00'] } },
      station: { version: 2, issuedAt, data: { dropWindows: ['18:00-20:00'] } },
    });
    const named = receiver.receive(topics.districtRules(), signPayload(centralKey, rules(8, {}, STATION)));
    expect(named).toMatchObject({ status: 'refused', code: 'wrong-station' });
    expect(applied).toEqual([
      ['rules', 7, 'district'],
      ['rules', 2, 'station'],
    ]);
  });
});
