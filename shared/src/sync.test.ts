import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';
import {
  ackSchema,
  firstIssue,
  requestSchema,
  responseSchema,
  syncDocumentSchema,
  type SyncDocument,
} from './sync.ts';

const key = (n: number) => n.toString(16).padStart(64, '0');
const base = { v: 1, version: 3, issuedAt: '2025-03-01T08:00:00.000Z', station: 'S1' } as const;

function problem(result: { success: boolean; error?: unknown }): string {
  return result.success ? 'valid' : firstIssue(result.error as Parameters<typeof firstIssue>[0]);
}

describe('sync contract schemas', () => {
  it('accepts each kind of sync document', () => {
    const documents: SyncDocument[] = [
      { ...base, kind: 'rules', data: { windows: [] } },
      {
        ...base,
        kind: 'cards',
        data: [{ cardKey: key(1), residentKey: key(2), household: 'H-1', kind: 'resident' }],
      },
      {
        ...base,
        kind: 'balances',
        data: [{ residentKey: key(2), account: 'points', balance: 120, asOf: '2025-03-01T07:59:00+08:00' }],
      },
    ];
    for (const document of documents) expect(problem(syncDocumentSchema.safeParse(document))).toBe('valid');
  });

  it('refuses a card binding that carries a raw UID instead of a cardKey, naming the field', () => {
    const parsed = syncDocumentSchema.safeParse({
      ...base,
      kind: 'cards',
      data: [{ cardKey: '0012345678', residentKey: null, household: null, kind: 'technician' }],
    });
    expect(problem(parsed)).toMatch(/data\.0\.cardKey: cardKey: 64 lowercase hex digits/);
  });

  it('refuses a card bound twice in one document', () => {
    const binding = { cardKey: key(1), residentKey: key(2), household: null, kind: 'resident' };
    const parsed = syncDocumentSchema.safeParse({ ...base, kind: 'cards', data: [binding, binding] });
    expect(problem(parsed)).toMatch(/data\.1\.cardKey: cardKey bound twice/);
  });

  it('refuses a fractional balance: balances are integer points or minutes', () => {
    const parsed = syncDocumentSchema.safeParse({
      ...base,
      kind: 'balances',
      data: [{ residentKey: key(2), account: 'minutes', balance: 1.5, asOf: base.issuedAt }],
    });
    expect(problem(parsed)).toMatch(/data\.0\.balance/);
  });

  it('checks acks, requests and both kinds of response', () => {
    const id = uuidv7();
    const ack = {
      v: 1,
      station: 'S1',
      upTo: 2,
      results: [{ id, seq: 2, status: 'adjusted', data: { points: 3 } }],
      ts: base.issuedAt,
    };
    expect(ackSchema.safeParse(ack).success).toBe(true);
    expect(problem(ackSchema.safeParse({ ...ack, results: [{ id, seq: 2, status: 'lost' }] }))).toMatch(
      /results\.0\.status/,
    );
    const request = {
      v: 1,
      id,
      kind: 'balance',
      deadline: base.issuedAt,
      args: { residentKey: key(2), account: 'points' },
    };
    expect(requestSchema.safeParse(request).success).toBe(true);
    expect(problem(requestSchema.safeParse({ ...request, kind: 'transfer' }))).toMatch(/^kind:/);
    expect(responseSchema.safeParse({ v: 1, id, status: 'ok', data: { balance: 1 } }).success).toBe(true);
    expect(responseSchema.safeParse({ v: 1, id, status: 'error', error: 'unknown resident' }).success).toBe(
      true,
    );
    expect(responseSchema.safeParse({ v: 1, id, status: 'error' }).success).toBe(false);
  });
});
