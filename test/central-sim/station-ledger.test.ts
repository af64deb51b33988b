import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, envelopeHash, serialiseEnvelope, uuidv7, type EventEnvelope } from '@yaofang/shared';
import { StationLedger } from './station-ledger.ts';

function chain(n: number): string[] {
  const payloads: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const envelope: EventEnvelope = {
      v: 1,
      id: uuidv7(),
      station: 'S1',
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
  it('applies in order and counts a redelivery as a duplicate', () => {
    const ledger = new StationLedger();
    const [a, b] = chain(2);
    expect(ledger.apply(a!).kind).toBe('applied');
    expect(ledger.apply(a!).kind).toBe('duplicate');
    expect(ledger.apply(b!).kind).toBe('applied');
    expect(ledger.applied.map((e) => e.seq)).toEqual([1, 2]);
    expect(ledger.duplicates).toBe(1);
  });

  it('buffers events that arrive ahead of a gap and applies them once the gap fills', () => {
    const ledger = new StationLedger();
    const [a, b, c] = chain(3);
    expect(ledger.apply(c!).kind).toBe('buffered');
    expect(ledger.apply(a!).kind).toBe('applied');
    const outcome = ledger.apply(b!);
    expect(outcome.kind === 'applied' && outcome.envelopes.map((e) => e.seq)).toEqual([2, 3]);
  });

  it('rejects the event after a tampered one: the hash chain no longer links', () => {
    const [a, b, c] = chain(3);
    const honest = new StationLedger();
    for (const payload of [a!, b!, c!]) expect(honest.apply(payload).kind).toBe('applied');

    const ledger = new StationLedger();
    ledger.apply(a!);
    const tampered = b!.replace('"n":2', '"n":9');
    expect(ledger.apply(tampered).kind).toBe('applied'); // it still links to seq 1 …
    const outcome = ledger.apply(c!); // … but seq 3 carries the hash of the original seq 2
    expect(outcome.kind === 'rejected' && outcome.reason).toMatch(/hash chain broken at seq 3/);
  });

  it('rejects a different event reusing a seq', () => {
    const ledger = new StationLedger();
    const [a] = chain(1);
    const [other] = chain(1);
    ledger.apply(a!);
    const outcome = ledger.apply(other!);
    expect(outcome.kind).toBe('rejected');
  });
});
