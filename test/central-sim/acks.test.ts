import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, envelopeHash, serialiseEnvelope, uuidv7, type EventEnvelope } from '@yaofang/shared';
import { ackSchema, type Ack } from '@yaofang/shared/sync';
import { AckBatcher } from './acks.ts';
import { openCentralDb, type CentralDb } from './ledger-store.ts';
import { StationLedger } from './station-ledger.ts';

describe('AckBatcher (reference central)', () => {
  let db: CentralDb;
  let ledger: StationLedger;
  let sent: Ack[];
  let online: boolean;
  let batcher: AckBatcher;
  let prev: string;

  beforeEach(() => {
    vi.useFakeTimers();
    db = openCentralDb();
    ledger = new StationLedger(db, 'S1');
    sent = [];
    online = true;
    prev = GENESIS_HASH;
    batcher = new AckBatcher({
      publish: (_topic, payload) => {
        if (online) sent.push(ackSchema.parse(JSON.parse(payload)));
        return Promise.resolve(online);
      },
      ledger: () => ledger,
      intervalMs: 100,
      maxEvents: 5,
    });
  });

  afterEach(() => {
    batcher.discard();
    db.close();
    vi.useRealTimers();
  });

  /** Apply the next event of the chain and hand its result to the batcher, as the central does. */
  function applyNext(): void {
    const envelope: EventEnvelope = {
      v: 1,
      id: uuidv7(),
      station: 'S1',
      seq: ledger.lastSeq + 1,
      prev,
      ts: new Date().toISOString(),
      type: 'card.presented',
      data: {},
    };
    const payload = serialiseEnvelope(envelope);
    prev = envelopeHash(payload);
    const outcome = ledger.apply(payload);
    if (outcome.kind !== 'applied') throw new Error(outcome.kind);
    batcher.add(
      'S1',
      outcome.events.map((event) => event.result),
    );
  }

  it('sends at most one ack per interval, covering everything applied by then', async () => {
    applyNext();
    applyNext();
    await vi.advanceTimersByTimeAsync(50);
    applyNext();
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(sent.map((ack) => [ack.upTo, ack.results.map((r) => r.seq)])).toEqual([[3, [1, 2, 3]]]);
    expect(ledger.ackedThrough).toBe(3);
  });

  it('sends at once when maxEvents results are waiting', async () => {
    for (let i = 0; i < 5; i++) applyNext();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((ack) => ack.upTo)).toEqual([5]);
  });

  it('re-sends on start what was applied but never acked, in chunks', async () => {
    online = false;
    for (let i = 0; i < 7; i++) applyNext();
    await vi.advanceTimersByTimeAsync(100);
    expect(ledger.ackedThrough).toBe(0);
    online = true;
    await batcher.catchUp(ledger);
    expect(sent.map((ack) => [ack.upTo, ack.results.length])).toEqual([
      [5, 5],
      [7, 2],
    ]);
    expect(ledger.ackedThrough).toBe(7);
  });
});
