import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, envelopeHash, serialiseEnvelope, uuidv7, type EventEnvelope } from '@yaofang/shared';
import { openCentralDb, type CentralDb } from './ledger-store.ts';
import { StationLedger } from './station-ledger.ts';

/** Any event id (ids are random). */
const anyId = expect.any(String) as unknown as string;

function chain(n: number, station = 'S1'): string[] {
  const payloads: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const envelope: EventEnvelope = {
      v: 1,
      id: uuidv7(),
      station,
      seq,
      prev,
      ts: new Date().toISOString(),
      type: 'card.presented',
      data: { n: seq },
    };
    const payload = serialiseEnvelope(envelope);
    payloads.push(payload);
    prev = envelopeHash(payload);
  }
  return payloads;
}

describe('StationLedger (reference central)', () => {
  let dir: string;
  let file: string;
  let db: CentralDb;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-central-ledger-'));
    file = join(dir, 'central.sqlite');
    db = openCentralDb(file);
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Close and reopen the file, as a restarted central does. */
  function restart(): StationLedger {
    db.close();
    db = openCentralDb(file);
    return new StationLedger(db, 'S1');
  }

  it('applies in order and counts a redelivery as a duplicate', () => {
    const ledger = new StationLedger(db, 'S1');
    const [a, b] = chain(2);
    expect(ledger.apply(a!).kind).toBe('applied');
    expect(ledger.apply(a!).kind).toBe('duplicate');
    expect(ledger.apply(b!).kind).toBe('applied');
    expect(ledger.applied.map((e) => e.seq)).toEqual([1, 2]);
    expect(ledger.duplicates).toBe(1);
  });

  it('buffers events that arrive ahead of a gap and applies them once the gap fills', () => {
    const ledger = new StationLedger(db, 'S1');
    const [a, b, c] = chain(3);
    expect(ledger.apply(c!).kind).toBe('buffered');
    expect(ledger.apply(a!).kind).toBe('applied');
    const outcome = ledger.apply(b!);
    expect(outcome.kind === 'applied' && outcome.events.map((e) => e.envelope.seq)).toEqual([2, 3]);
  });

  it('rejects the event after a tampered one: the hash chain no longer links', () => {
    const [a, b, c] = chain(3);
    const ledger = new StationLedger(db, 'S1');
    ledger.apply(a!);
    const tampered = b!.replace('"n":2', '"n":9');
    expect(ledger.apply(tampered).kind).toBe('applied'); // it still links to seq 1 …
    const outcome = ledger.apply(c!); // … but seq 3 carries the hash of the original seq 2
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/hash chain broken at seq 3/);
    expect(ledger.lastSeq).toBe(2);
  });

  it('rejects a different event reusing a seq', () => {
    const ledger = new StationLedger(db, 'S1');
    const [a] = chain(1);
    const [other] = chain(1);
    ledger.apply(a!);
    const outcome = ledger.apply(other!);
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/seq 1 already holds event/);
  });

  it('rejects an envelope that names another station than the topic it came on', () => {
    const ledger = new StationLedger(db, 'S1');
    const [foreign] = chain(1, 'S2');
    const outcome = ledger.apply(foreign!);
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/names station S2/);
  });

  it('records the verdict of the business rule with each applied event', () => {
    const ledger = new StationLedger(db, 'S1');
    const [a, b, c] = chain(3);
    ledger.apply(a!);
    ledger.apply(b!, () => ({ status: 'rejected', reason: 'outside the drop-off window' }));
    ledger.apply(c!, () => ({ status: 'adjusted', reason: 'daily cap', data: { points: 5 } }));
    expect(ledger.eventsAfter(0).map((e) => e.result)).toEqual([
      { id: anyId, seq: 1, status: 'applied' },
      { id: anyId, seq: 2, status: 'rejected', reason: 'outside the drop-off window' },
      { id: anyId, seq: 3, status: 'adjusted', reason: 'daily cap', data: { points: 5 } },
    ]);
  });

  it('keeps the last seq and hash across a restart: the chain continues where it stopped', () => {
    const [a, b, c] = chain(3);
    const ledger = new StationLedger(db, 'S1');
    ledger.apply(a!);
    ledger.apply(b!);
    const reopened = restart();
    expect(reopened.lastSeq).toBe(2);
    expect(reopened.apply(c!).kind).toBe('applied');
    expect(reopened.applied.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('still detects a chain break after a restart (the hash was kept, not reset)', () => {
    const [a, b] = chain(2);
    const [, otherSecond] = chain(2); // seq 2 of another chain: links to a different seq 1
    new StationLedger(db, 'S1').apply(a!);
    const reopened = restart();
    const outcome = reopened.apply(otherSecond!);
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/hash chain broken at seq 2/);
    expect(reopened.apply(b!).kind).toBe('applied');
  });

  it('recognises redeliveries after a restart as duplicates, with the stored verdict', () => {
    const [a, b] = chain(2);
    const ledger = new StationLedger(db, 'S1');
    ledger.apply(a!);
    ledger.apply(b!, () => ({ status: 'rejected', reason: 'card unknown' }));
    const reopened = restart();
    const outcome = reopened.apply(b!);
    expect(outcome).toEqual({
      kind: 'duplicate',
      seq: 2,
      result: { id: anyId, seq: 2, status: 'rejected', reason: 'card unknown' },
    });
    expect(reopened.apply(a!).kind).toBe('duplicate');
    expect(reopened.applied).toHaveLength(2);
  });

  it('keeps events buffered ahead of a gap across a restart (the edge will not send them again)', () => {
    const [a, b, c] = chain(3);
    const ledger = new StationLedger(db, 'S1');
    expect(ledger.apply(c!).kind).toBe('buffered');
    expect(ledger.apply(b!).kind).toBe('buffered');
    const reopened = restart();
    expect(reopened.apply(c!).kind).toBe('duplicate'); // a redelivery of a buffered event
    const outcome = reopened.apply(a!);
    expect(outcome.kind === 'applied' && outcome.events.map((e) => e.envelope.seq)).toEqual([1, 2, 3]);
  });

  it('keeps how far acks went out across a restart', () => {
    const [a, b] = chain(2);
    const ledger = new StationLedger(db, 'S1');
    ledger.apply(a!);
    ledger.apply(b!);
    ledger.markAcked(1);
    const reopened = restart();
    expect(reopened.ackedThrough).toBe(1);
    expect(reopened.eventsAfter(reopened.ackedThrough).map((e) => e.result.seq)).toEqual([2]);
  });
});
