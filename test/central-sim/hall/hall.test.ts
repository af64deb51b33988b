import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, envelopeHash, serialiseEnvelope, type EventEnvelope } from '@yaofang/shared';
import type { BalanceSnapshot, CardBinding, RequestKind } from '@yaofang/shared/sync';
import { silentLog } from '../central-log.ts';
import { openCentralDb, type CentralDb } from '../ledger-store.ts';
import type { RequestHandler } from '../requests.ts';
import { StationLedger, type EventVerdict } from '../station-ledger.ts';
import { TEST_RULES, depositOp, withdrawOp } from '../timebank/fixtures.ts';
import {
  APPROVALS,
  ELDER,
  FAMILIES,
  NEIGHBOUR,
  bindEvent,
  card,
  operationEvent,
  resident,
} from './fixtures.ts';
import { Hall, type HallHost } from './hall.ts';
import type { HallEvent } from './state.ts';

const STATION = 'HALL-01';

/** A host that records what the hall asks of the central, in order. */
class FakeHost implements HallHost {
  readonly handlers = new Map<string, (envelope: EventEnvelope, station: string) => EventVerdict>();
  readonly listeners: Array<(station: string, envelope: EventEnvelope) => void> = [];
  readonly requests = new Map<RequestKind, RequestHandler>();
  readonly calls: Array<[string, string, unknown?]> = [];

  onEvent(type: string, handler: (envelope: EventEnvelope, station: string) => EventVerdict) {
    this.handlers.set(type, handler);
    return () => this.handlers.delete(type);
  }
  onApplied(listener: (station: string, envelope: EventEnvelope) => void) {
    this.listeners.push(listener);
    return () => undefined;
  }
  onRequest(kind: RequestKind, handler: RequestHandler) {
    this.requests.set(kind, handler);
    return () => this.requests.delete(kind);
  }
  async flushAck(station: string) {
    this.calls.push(['ack', station]);
    await Promise.resolve();
  }
  async publishBalances(station: string, snapshots: BalanceSnapshot[]) {
    this.calls.push(['balances', station, snapshots]);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  async publishCards(station: string, bindings: CardBinding[]) {
    this.calls.push(['cards', station, bindings]);
    await Promise.resolve();
  }
}

describe('Hall wiring (fake host, real central database)', () => {
  let db: CentralDb;
  let host: FakeHost;
  let hall: Hall;
  let ledger: StationLedger;
  let prev = GENESIS_HASH;
  let seq = 0;

  const start = () => {
    host = new FakeHost();
    hall = new Hall({
      rules: TEST_RULES,
      families: FAMILIES,
      approvals: APPROVALS,
      now: () => Date.parse('2025-03-01T02:00:00Z'),
      host,
      db: () => db,
      log: silentLog,
      wasteDrops: () => [],
    });
    hall.start();
  };

  beforeEach(() => {
    db = openCentralDb();
    ledger = new StationLedger(db, STATION);
    prev = GENESIS_HASH;
    seq = 0;
    start();
  });

  afterEach(() => db.close());

  /** Applies the event as the central does: decide inside the transaction, then the listeners. */
  function deliver(event: HallEvent) {
    const envelope: EventEnvelope = { v: 1, station: STATION, seq: ++seq, prev, ...event };
    const payload = serialiseEnvelope(envelope);
    prev = envelopeHash(payload);
    const outcome = ledger.apply(payload, (applied) => {
      const handler = host.handlers.get(applied.type);
      return handler ? handler(applied, STATION) : { status: 'applied' };
    });
    if (outcome.kind !== 'applied') throw new Error(`not applied: ${outcome.kind}`);
    for (const listener of host.listeners) listener(STATION, envelope);
    return outcome.events[0]!.result;
  }

  it('handles every hall event type and request kind', () => {
    expect([...host.handlers.keys()].sort()).toEqual([
      'card.bind.requested',
      'queue.ticket.issued',
      'timebank.deposit.requested',
      'timebank.donate.requested',
      'timebank.transfer.requested',
      'timebank.withdraw.requested',
    ]);
    expect([...host.requests.keys()].sort()).toEqual([
      'approval.list',
      'approval.status',
      'family',
      'history',
    ]);
  });

  it('acks the answer as data on applied and rejected events alike', () => {
    const deposit = depositOp(resident(1), 60, { recipientKey: ELDER });
    expect(deliver(operationEvent(deposit))).toMatchObject({
      seq: 1,
      status: 'applied',
      data: { opId: deposit.data.opId, status: 'accepted', balanceAfter: 60 },
    });
    const overdraft = withdrawOp(resident(1), 200);
    expect(deliver(operationEvent(overdraft))).toMatchObject({
      seq: 2,
      status: 'rejected',
      reason: expect.stringMatching(/^overdraft: /) as string,
      data: { opId: overdraft.data.opId, status: 'rejected', reasonCode: 'overdraft' },
    });
  });

  it('flushes the ack, then publishes the balances and the cards document, in event order', async () => {
    deliver(operationEvent(depositOp(resident(1), 60, { recipientKey: ELDER })));
    deliver(bindEvent(ELDER, card(1)));
    deliver(operationEvent(withdrawOp(resident(1), 500))); // rejected: nothing published
    await hall.settled();
    expect(host.calls).toEqual([
      ['ack', STATION],
      [
        'balances',
        STATION,
        [{ residentKey: resident(1), account: 'minutes', balance: 60, asOf: '2025-03-01T02:00:00.000Z' }],
      ],
      ['ack', STATION],
      ['cards', STATION, [{ cardKey: card(1), residentKey: ELDER, household: null, kind: 'resident' }]],
    ]);
  });

  it('answers requests from the live state', async () => {
    deliver(operationEvent(depositOp(resident(1), 60, { recipientKey: ELDER })));
    const context = { station: STATION, kind: 'history' as const, id: crypto.randomUUID() };
    await expect(
      Promise.resolve(
        host.requests.get('history')!({ residentKey: resident(1), account: 'minutes' }, context),
      ),
    ).resolves.toMatchObject({ status: 'ok', data: [{ amount: 60, kind: 'deposit' }] });
    await expect(
      Promise.resolve(host.requests.get('approval.status')!({ applicationNo: 'SQ-2025-0003' }, context)),
    ).resolves.toMatchObject({ status: 'ok', data: { applicationNo: 'SQ-2025-0003' } });
  });

  it('a hall restarted on the same database rebuilds the same state', () => {
    deliver(operationEvent(depositOp(resident(1), 60, { recipientKey: ELDER })));
    deliver(bindEvent(ELDER, card(1)));
    deliver(bindEvent(NEIGHBOUR, card(1))); // rejected
    const before = hall.snapshot();
    start();
    expect(hall.snapshot()).toEqual(before);
    expect(hall.minutes(resident(1))).toBe(60);
    expect(hall.bindings().map((binding) => binding.residentKey)).toEqual([ELDER]);
  });

  it('forgets a decision whose transaction rolled back', () => {
    deliver(operationEvent(depositOp(resident(1), 60, { recipientKey: ELDER })));
    const event = operationEvent(depositOp(resident(1), 90, { recipientKey: ELDER }));
    const envelope: EventEnvelope = { v: 1, station: STATION, seq: seq + 1, prev, ...event };
    expect(() =>
      ledger.apply(serialiseEnvelope(envelope), (applied) => {
        host.handlers.get(applied.type)!(applied, STATION);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(hall.minutes(resident(1))).toBe(60);
  });
});
