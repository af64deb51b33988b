import type { KeyObject } from 'node:crypto';
import { generateSigningKeys, loadPrivateKey, signPayload, topics, uuidv7 } from '@yaofang/shared';
import { issueCommand, type CommandRejectionCode } from '@yaofang/shared/commands';
import type { SyncKind } from '@yaofang/shared/sync';
import type { LogLine } from './agent-log.ts';
import { garbagePayloads, isJson, type HostilePayload } from './hostile-payloads.ts';
import type { Prng } from './prng.ts';

/** One hostile message, and the log line that must explain its refusal. */
export interface HostileCase {
  topic: string;
  label: string;
  payload: Buffer;
  /** In words, for the failure message. */
  why: string;
  explains: (line: LogLine) => boolean;
  /** cmd only: the code of the `command.result` the agent must answer with. */
  commandCode?: CommandRejectionCode;
  /** cmd only: the id of a command whose signature is genuine (it enters commands_seen). */
  authenticId?: string;
}

export interface CaseContext {
  station: string;
  other: string;
  centralKey: KeyObject;
  /** A command the agent already ran: sending it again is a replay. */
  answeredCommandWire: string;
  /** Versions of the documents the agent holds, by topic. */
  heldVersions: Map<string, number>;
  /** Valid `data` for a document of each kind. */
  documentData: Record<SyncKind, unknown>;
  random: Prng;
}

const stranger = loadPrivateKey(generateSigningKeys().privateKeyPem);
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const logged =
  (module: string, msg: string | RegExp, fields: Record<string, unknown> = {}) =>
  (line: LogLine) =>
    line.module === module &&
    (typeof msg === 'string' ? line.msg === msg : msg.test(line.msg)) &&
    Object.entries(fields).every(([key, value]) => line[key] === value);

/** Every inbound topic of contract v1, each with the generic garbage and its own wrong messages. */
export function hostileCases(context: CaseContext): HostileCase[] {
  const { station } = context;
  return [
    ...ackCases(context),
    ...commandCases(context),
    ...syncCases(context, topics.sync(station, 'rules'), 'rules', 'station'),
    ...syncCases(context, topics.sync(station, 'cards'), 'cards', 'station'),
    ...syncCases(context, topics.sync(station, 'balances'), 'balances', 'station'),
    ...syncCases(context, topics.districtRules(), 'rules', 'district'),
    ...responseCases(context),
  ];
}

function ackCases({ station, other, random }: CaseContext): HostileCase[] {
  const topic = topics.ack(station);
  const ts = new Date().toISOString();
  const garbage = garbagePayloads(random).map((g) =>
    isJson(g.payload)
      ? at(topic, g, 'ack ignored: not a v1 ack', logged('acks', 'ack ignored: not a v1 ack'))
      : at(topic, g, 'ack ignored: not JSON', logged('acks', 'ack ignored: not JSON')),
  );
  return [
    ...garbage,
    at(
      topic,
      { label: 'wrong field types', payload: json({ v: 1, station, upTo: 'all', results: 'none', ts: 5 }) },
      'not a v1 ack',
      logged('acks', 'ack ignored: not a v1 ack'),
    ),
    at(
      topic,
      { label: 'negative upTo', payload: json({ v: 1, station, upTo: -1, results: [], ts }) },
      'not a v1 ack',
      logged('acks', 'ack ignored: not a v1 ack'),
    ),
    at(
      topic,
      { label: 'wrong station', payload: json({ v: 1, station: other, upTo: 1, results: [], ts }) },
      'ack for another station',
      logged('acks', 'ack ignored: it is for another station', { station: other }),
    ),
    // Acks are not signed in contract v1; one claiming seqs this station never sent says so.
    at(
      topic,
      {
        label: 'unsigned ack claiming seqs never sent',
        payload: json({
          v: 1,
          station,
          upTo: 1e12,
          results: [{ id: uuidv7(), seq: 1e12, status: 'applied' }],
          ts,
        }),
      },
      'ack claims seqs never sent',
      logged('acks', /^ack claims seqs \d+\.\.1000000000000 that this station has not sent; ack ignored$/),
    ),
  ];
}

function commandCases(context: CaseContext): HostileCase[] {
  const { station, other, centralKey, answeredCommandWire } = context;
  const topic = topics.command(station);
  const now = Date.now();
  const command = (code: CommandRejectionCode, g: HostilePayload, authenticId?: string): HostileCase => ({
    ...at(topic, g, `command rejected (${code})`, logged('commands', 'command rejected', { code })),
    commandCode: code,
    ...(authenticId ? { authenticId } : {}),
  });
  const validPayload = (over: Record<string, unknown> = {}) => ({
    v: 1,
    id: uuidv7(),
    station,
    name: 'ping',
    args: {},
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 60_000).toISOString(),
    ...over,
  });
  const genuine = issueCommand(centralKey, {
    station,
    name: 'device.reset',
    args: { deviceId: 'reader-1' },
    ttlMs: 60_000,
  });
  const tampered = JSON.parse(genuine.wire) as { payload: string };
  tampered.payload = tampered.payload.replace('reader-1', 'reader-2');
  const unknownName = validPayload({ name: 'shell.exec' });
  const badArgs = validPayload({ args: { rm: '-rf /' } });
  const forOther = issueCommand(centralKey, { station: other, name: 'ping', args: {}, ttlMs: 60_000 });
  const expired = issueCommand(centralKey, {
    station,
    name: 'ping',
    args: {},
    ttlMs: 60_000,
    now: now - 7_200_000,
  });

  return [
    ...garbagePayloads(context.random).map((g) => command('malformed', g)),
    command('malformed', { label: 'wrong field types', payload: json({ payload: 42, sig: ['x'] }) }),
    command('bad-signature', {
      label: 'deeply nested signed payload',
      payload: json({ payload: `${'['.repeat(50_000)}${']'.repeat(50_000)}`, sig: 'AAAA' }),
    }),
    command('malformed', {
      label: 'unsigned: no sig',
      payload: json({ payload: JSON.stringify(validPayload()) }),
    }),
    command('bad-signature', {
      label: 'unsigned: made-up sig',
      payload: json({ payload: JSON.stringify(validPayload()), sig: 'AAAA' }),
    }),
    command('bad-signature', {
      label: 'signed with another key',
      payload: Buffer.from(signPayload(stranger, validPayload())),
    }),
    command('bad-signature', { label: 'changed after signing', payload: json(tampered) }),
    command('invalid-payload', {
      label: 'signed, wrong types inside',
      payload: Buffer.from(signPayload(centralKey, { ...validPayload(), id: 7, args: 'all' })),
    }),
    command(
      'unknown-command',
      { label: 'signed, unknown command', payload: Buffer.from(signPayload(centralKey, unknownName)) },
      unknownName.id,
    ),
    command(
      'invalid-args',
      { label: 'signed, bad args', payload: Buffer.from(signPayload(centralKey, badArgs)) },
      badArgs.id,
    ),
    command(
      'wrong-station',
      { label: 'signed for another station', payload: Buffer.from(forOther.wire) },
      forOther.id,
    ),
    command('expired', { label: 'signed, expired', payload: Buffer.from(expired.wire) }, expired.id),
    command('replayed', {
      label: 'replay of a command already run',
      payload: Buffer.from(answeredCommandWire),
    }),
  ];
}

function syncCases(
  context: CaseContext,
  topic: string,
  kind: SyncKind,
  scope: 'station' | 'district',
): HostileCase[] {
  const { station, other, centralKey, heldVersions, documentData, random } = context;
  const held = heldVersions.get(topic);
  if (held === undefined) throw new Error(`no document held on ${topic}: publish one first`);
  const refused = (code: string) => logged('sync', 'sync document refused', { topic, code });
  const document = (over: Record<string, unknown> = {}) => ({
    v: 1,
    kind,
    version: held + 1000,
    issuedAt: new Date().toISOString(),
    ...(scope === 'station' ? { station } : {}),
    data: documentData[kind],
    ...over,
  });
  const signed = (label: string, payload: unknown) => ({
    label,
    payload: Buffer.from(signPayload(centralKey, payload)),
  });
  const otherKind: SyncKind = kind === 'balances' ? 'cards' : 'balances';
  const cases: HostileCase[] = [
    ...garbagePayloads(random).map((g) => at(topic, g, 'refused as malformed', refused('malformed'))),
    at(
      topic,
      signed('signed, wrong types inside', document({ version: 'latest', data: 'all' })),
      'invalid-payload',
      refused('invalid-payload'),
    ),
    at(
      topic,
      { label: 'unsigned: no sig', payload: json({ payload: JSON.stringify(document()) }) },
      'malformed',
      refused('malformed'),
    ),
    at(
      topic,
      { label: 'unsigned: made-up sig', payload: json({ payload: JSON.stringify(document()), sig: 'AAAA' }) },
      'bad-signature',
      refused('bad-signature'),
    ),
    at(
      topic,
      { label: 'signed with another key', payload: Buffer.from(signPayload(stranger, document())) },
      'bad-signature',
      refused('bad-signature'),
    ),
    at(
      topic,
      signed(
        `a ${otherKind} document on the ${kind} topic`,
        document({ kind: otherKind, data: documentData[otherKind] }),
      ),
      'kind-mismatch',
      refused('kind-mismatch'),
    ),
    at(
      topic,
      signed(
        scope === 'station' ? 'signed for another station' : 'district rules naming a station',
        document({ station: scope === 'station' ? other : station }),
      ),
      'wrong-station',
      refused('wrong-station'),
    ),
    at(
      topic,
      signed('older version than held', document({ version: 0 })),
      'stale-version',
      refused('stale-version'),
    ),
    at(
      topic,
      signed(
        'held version, different content',
        document({ version: held, issuedAt: new Date(0).toISOString() }),
      ),
      'version-conflict',
      refused('version-conflict'),
    ),
  ];
  if (scope === 'station' && kind === 'rules') {
    const bogus = topic.replace(/rules$/, 'bogus');
    cases.push(
      at(
        bogus,
        signed('a sync kind that does not exist', document()),
        'unknown-topic',
        logged('sync', 'sync document refused', { topic: bogus, code: 'unknown-topic' }),
      ),
    );
  }
  return cases;
}

function responseCases({ station, random }: CaseContext): HostileCase[] {
  const topic = topics.response(station);
  return [
    ...garbagePayloads(random).map((g) =>
      isJson(g.payload)
        ? at(topic, g, 'not a v1 response', logged('requests', 'response ignored: not a v1 response'))
        : at(topic, g, 'not JSON', logged('requests', 'response ignored: not JSON')),
    ),
    at(
      topic,
      { label: 'wrong field types', payload: json({ v: 1, id: 'nope', status: 'ok' }) },
      'not a v1 response',
      logged('requests', 'response ignored: not a v1 response'),
    ),
    at(
      topic,
      {
        label: 'oversized error text',
        payload: json({ v: 1, id: uuidv7(), status: 'error', error: 'e'.repeat(10_000) }),
      },
      'not a v1 response',
      logged('requests', 'response ignored: not a v1 response'),
    ),
    // Responses are not signed in contract v1; an answer to nothing is dropped by its id.
    at(
      topic,
      {
        label: 'unsolicited response',
        payload: json({ v: 1, id: uuidv7(), status: 'ok', data: { balance: 1e9 } }),
      },
      'response to no request',
      logged('requests', 'response ignored: no request with that id is waiting'),
    ),
  ];
}

function at(
  topic: string,
  g: HostilePayload,
  why: string,
  explains: (line: LogLine) => boolean,
): HostileCase {
  return { topic, label: g.label, payload: g.payload, why, explains };
}
