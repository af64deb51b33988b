import { GENESIS_HASH, envelopeHash, eventEnvelopeSchema, type EventEnvelope } from '@yaofang/shared';

export type ApplyOutcome =
  | { kind: 'applied'; envelopes: EventEnvelope[] }
  | { kind: 'duplicate'; seq: number }
  | { kind: 'buffered'; seq: number; expected: number }
  | { kind: 'rejected'; reason: string };

/**
 * What the central platform keeps per station: events applied once each, in
 * `seq` order, with the hash chain verified. Events that arrive ahead of a
 * gap wait in a reorder buffer; a repeated id is a duplicate, not a new fact.
 */
export class StationLedger {
  readonly applied: EventEnvelope[] = [];
  private lastHash = GENESIS_HASH;
  private readonly ahead = new Map<number, { envelope: EventEnvelope; payload: string }>();
  private readonly seenIds = new Set<string>();
  duplicates = 0;

  get lastSeq(): number {
    return this.applied.length;
  }

  apply(payload: string): ApplyOutcome {
    let envelope: EventEnvelope;
    try {
      const parsed = eventEnvelopeSchema.safeParse(JSON.parse(payload));
      if (!parsed.success)
        return { kind: 'rejected', reason: `not a v1 envelope: ${parsed.error.issues[0]?.message}` };
      envelope = parsed.data;
    } catch {
      return { kind: 'rejected', reason: 'payload is not JSON' };
    }
    if (envelope.seq <= this.lastSeq || this.ahead.has(envelope.seq)) {
      const known = this.applied[envelope.seq - 1] ?? this.ahead.get(envelope.seq)?.envelope;
      if (known && known.id !== envelope.id) {
        return {
          kind: 'rejected',
          reason: `seq ${envelope.seq} already holds event ${known.id}, not ${envelope.id}`,
        };
      }
      this.duplicates++;
      return { kind: 'duplicate', seq: envelope.seq };
    }
    if (envelope.seq > this.lastSeq + 1) {
      this.ahead.set(envelope.seq, { envelope, payload });
      return { kind: 'buffered', seq: envelope.seq, expected: this.lastSeq + 1 };
    }
    const done: EventEnvelope[] = [];
    let next: { envelope: EventEnvelope; payload: string } | undefined = { envelope, payload };
    while (next) {
      if (next.envelope.prev !== this.lastHash) {
        return {
          kind: 'rejected',
          reason: `hash chain broken at seq ${next.envelope.seq}: prev ${next.envelope.prev.slice(0, 12)}… does not match the hash of seq ${this.lastSeq}`,
        };
      }
      if (this.seenIds.has(next.envelope.id))
        return { kind: 'rejected', reason: `id ${next.envelope.id} reused at a new seq` };
      this.applied.push(next.envelope);
      this.seenIds.add(next.envelope.id);
      this.lastHash = envelopeHash(next.payload);
      done.push(next.envelope);
      this.ahead.delete(next.envelope.seq);
      next = this.ahead.get(this.lastSeq + 1);
    }
    return { kind: 'applied', envelopes: done };
  }
}
