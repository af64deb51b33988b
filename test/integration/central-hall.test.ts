import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPublicKey, topics, uuidv7, verifySigned } from '@yaofang/shared';
import {
  ackSchema,
  responseSchema,
  syncDocumentSchema,
  type AckResult,
  type CentralResponse,
  type RequestKind,
  type SyncDocument,
} from '@yaofang/shared/sync';
import type { TimebankOperation } from '@yaofang/shared/timebank';
import { ReferenceCentral } from '../central-sim/central.ts';
import { APPROVALS, ELDER, FAMILIES, card, resident } from '../central-sim/hall/fixtures.ts';
import { TEST_RULES, depositOp, withdrawOp } from '../central-sim/timebank/fixtures.ts';
import { startInProcessEdge, type InProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';

const HALL = 'HALL-E1';
const VOLUNTEER = resident(1);

/** What reached the station's topics, in arrival order. */
type Seen =
  | { kind: 'ack'; results: AckResult[] }
  | { kind: 'sync'; document: SyncDocument }
  | { kind: 'res'; response: CentralResponse; at: number };

describe('the reference central runs the hall and the time bank (real Mosquitto, in-process edge)', () => {
  let dir: string;
  let broker: MosquittoBroker | null = null;
  let central: ReferenceCentral | null = null;
  let station: MqttClient | null = null;
  let edge: InProcessEdge | null = null;
  const seen: Seen[] = [];
  const unverified: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-central-hall-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'hall-central',
      dataFile: join(dir, 'central.sqlite'),
      keyDir: join(dir, 'central-keys'),
      ackIntervalMs: 20,
    });
    central.enableHall({ rules: TEST_RULES, families: FAMILIES, approvals: APPROVALS });
    await central.start();

    // The station's side of the link: acks, sync documents and answers; it sends the requests.
    station = await mqtt.connectAsync(broker.url, { clientId: 'hall-station-side' });
    const publicKey = loadPublicKey(central.publicKeyPem);
    station.on('message', (topic, payload) => {
      const text = payload.toString();
      if (topic === topics.ack(HALL))
        seen.push({ kind: 'ack', results: ackSchema.parse(JSON.parse(text)).results });
      else if (topic === topics.response(HALL))
        seen.push({ kind: 'res', response: responseSchema.parse(JSON.parse(text)), at: Date.now() });
      else {
        const verified = verifySigned(publicKey, payload, syncDocumentSchema);
        if (verified.ok) seen.push({ kind: 'sync', document: verified.value.payload });
        else unverified.push(verified.error.reason);
      }
    });
    await station.subscribeAsync(
      [topics.ack(HALL), topics.sync(HALL, 'balances'), topics.sync(HALL, 'cards'), topics.response(HALL)],
      { qos: 1 },
    );
    edge = startInProcessEdge(HALL, broker.url);
  });

  afterAll(async () => {
    await edge?.stop();
    await station?.endAsync(true);
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function send(type: string, data: Record<string, unknown>) {
    const envelope = edge!.outbox.appendNow(type, data, 'ledger');
    edge!.uplink.kick();
    return envelope;
  }
  const sendOperation = (operation: TimebankOperation) => send(operation.type, { ...operation.data });

  /** Where in `seen` the ack result of the event is, and the result. */
  async function ackOf(id: string): Promise<{ index: number; result: AckResult }> {
    return waitFor(() => {
      for (const [index, entry] of seen.entries()) {
        if (entry.kind !== 'ack') continue;
        const result = entry.results.find((candidate) => candidate.id === id);
        if (result) return { index, result };
      }
      return undefined;
    }, `the ack of event ${id}`);
  }

  function documentsAfter(index: number, kind: SyncDocument['kind']): SyncDocument[] {
    return seen
      .slice(index + 1)
      .flatMap((entry) => (entry.kind === 'sync' && entry.document.kind === kind ? [entry.document] : []));
  }

  async function request(kind: RequestKind, args: Record<string, unknown>, deadlineMs = 5000) {
    const id = uuidv7();
    const sentAt = Date.now();
    await station!.publishAsync(
      topics.request(HALL),
      JSON.stringify({ v: 1, id, kind, deadline: new Date(Date.now() + deadlineMs).toISOString(), args }),
      { qos: 1 },
    );
    const answer = await waitFor(
      () =>
        seen.find(
          (entry): entry is Extract<Seen, { kind: 'res' }> =>
            entry.kind === 'res' && entry.response.id === id,
        ),
      `the answer to ${kind}`,
    );
    return { response: answer.response, elapsedMs: answer.at - sentAt };
  }

  it('accepts a deposit, acks the answer and publishes the minutes balance after the ack', async () => {
    const deposit = depositOp(VOLUNTEER, 90, { recipientKey: ELDER });
    const event = sendOperation(deposit);
    const { index, result } = await ackOf(event.id);
    expect(result).toEqual({
      id: event.id,
      seq: event.seq,
      status: 'applied',
      data: { opId: deposit.data.opId, status: 'accepted', balanceAfter: 90 },
    });
    await waitFor(() => documentsAfter(index, 'balances').length > 0, 'the balances document');
    expect(documentsAfter(-1, 'balances')).toHaveLength(1); // none before the ack
    expect(documentsAfter(index, 'balances')[0]).toMatchObject({
      station: HALL,
      data: [{ residentKey: VOLUNTEER, account: 'minutes', balance: 90 }],
    });
    expect(central!.hall().minutes(VOLUNTEER)).toBe(90);
  });

  it("rejects an overdraft withdrawal with reason code 'overdraft' in the ack result; no balance published", async () => {
    const before = documentsAfter(-1, 'balances').length;
    const withdraw = withdrawOp(VOLUNTEER, 200);
    const event = sendOperation(withdraw);
    const { result } = await ackOf(event.id);
    expect(result).toMatchObject({
      id: event.id,
      status: 'rejected',
      reason: expect.stringMatching(/^overdraft: /) as string,
      data: { opId: withdraw.data.opId, status: 'rejected', reasonCode: 'overdraft', balanceAfter: 90 },
    });
    await central!.hall().settled();
    expect(documentsAfter(-1, 'balances')).toHaveLength(before);
    expect(central!.hall().minutes(VOLUNTEER)).toBe(90);
  });

  it('binds a card and publishes the cards document with the binding; refuses it for someone else', async () => {
    const opId = uuidv7();
    const bind = send('card.bind.requested', { opId, residentKey: ELDER, cardKey: card(1) });
    const { index, result } = await ackOf(bind.id);
    expect(result).toMatchObject({ status: 'applied', data: { opId, cardKey: card(1), status: 'bound' } });
    await waitFor(() => documentsAfter(index, 'cards').length > 0, 'the cards document');
    expect(documentsAfter(index, 'cards')[0]).toMatchObject({
      kind: 'cards',
      station: HALL,
      version: 1,
      data: [{ cardKey: card(1), residentKey: ELDER, household: null, kind: 'resident' }],
    });

    const other = send('card.bind.requested', { opId: uuidv7(), residentKey: resident(2), cardKey: card(1) });
    expect((await ackOf(other.id)).result).toMatchObject({
      status: 'rejected',
      reason: 'card-already-bound',
      data: { reasonCode: 'card-already-bound' },
    });
    await central!.hall().settled();
    expect(documentsAfter(-1, 'cards')).toHaveLength(1);
  });

  it('records a queue ticket', async () => {
    const ticket = send('queue.ticket.issued', {
      service: 'general',
      day: '2025-03-01',
      number: 'A001',
      issuedAt: '2025-03-01T09:00:00+08:00',
    });
    expect((await ackOf(ticket.id)).result).toEqual({ id: ticket.id, seq: ticket.seq, status: 'applied' });
    expect(central!.hall().tickets(HALL)).toMatchObject([{ eventId: ticket.id, data: { number: 'A001' } }]);
  });

  it('answers history, family and approval requests', async () => {
    expect(
      (await request('history', { residentKey: VOLUNTEER, account: 'minutes', limit: 5 })).response,
    ).toEqual({
      v: 1,
      id: expect.any(String) as string,
      status: 'ok',
      data: [
        expect.objectContaining({ amount: -200, kind: 'withdraw', status: 'rejected', reason: 'overdraft' }),
        expect.objectContaining({ amount: 90, kind: 'deposit', status: 'confirmed', reason: null }),
      ],
    });
    expect((await request('family', { residentKey: ELDER })).response).toMatchObject({
      status: 'ok',
      data: [
        { residentKey: resident(22), label: '家属 李*' },
        { residentKey: resident(23), label: '家属 王*' },
      ],
    });
    expect((await request('approval.status', { applicationNo: 'SQ-2025-0001' })).response).toMatchObject({
      status: 'ok',
      data: { applicationNo: 'SQ-2025-0001', title: '高龄津贴申领', status: '审批中' },
    });
    expect((await request('approval.status', { applicationNo: 'SQ-2099-0000' })).response).toMatchObject({
      status: 'error',
      error: 'not found',
    });
    expect((await request('approval.list', { residentKey: ELDER })).response).toMatchObject({
      status: 'ok',
      data: [{ applicationNo: 'SQ-2025-0002' }, { applicationNo: 'SQ-2025-0001' }],
    });
  });

  it('answers after responseDelayMs (deadline tests)', async () => {
    central!.responseDelayMs = 300;
    try {
      const { response, elapsedMs } = await request('family', { residentKey: ELDER });
      expect(response.status).toBe('ok');
      expect(elapsedMs).toBeGreaterThanOrEqual(300);
    } finally {
      central!.responseDelayMs = 0;
    }
    expect(unverified).toEqual([]);
    expect(central!.rejections).toEqual([]);
    expect(edge!.outbox.backlog()).toBe(0);
  });
});
