import { describe, expect, it } from 'vitest';
import type { TimebankOperation } from '@yaofang/shared/timebank';
import {
  areFamily,
  balanceOf,
  bindFamily,
  emptyTimebankLedger,
  familyPairKey,
  operationFingerprint,
  registerResidents,
  unbindFamily,
  withBalanceChanges,
} from './ledger.ts';
import { resident, withdrawOp } from './fixtures.ts';

const A = resident(21);
const B = resident(22);
const C = resident(23);
const known = () => registerResidents(emptyTimebankLedger(), [A, B, C]);

describe('family bindings', () => {
  it('are symmetric', () => {
    const bound = bindFamily(known(), B, A);
    expect(bound.ok).toBe(true);
    if (!bound.ok) return;
    expect(areFamily(bound.value, A, B)).toBe(true);
    expect(areFamily(bound.value, B, A)).toBe(true);
    expect(familyPairKey(A, B)).toBe(familyPairKey(B, A));
  });

  it('are not transitive', () => {
    const first = bindFamily(known(), A, B);
    const second = first.ok ? bindFamily(first.value, B, C) : first;
    expect(second.ok && areFamily(second.value, A, C)).toBe(false);
  });

  it('refuse binding oneself or an unregistered resident', () => {
    expect(bindFamily(known(), A, A)).toEqual({ ok: false, error: 'self-binding' });
    expect(bindFamily(known(), A, resident(29))).toEqual({ ok: false, error: 'unknown-resident' });
  });

  it('can be removed from either side', () => {
    const bound = bindFamily(known(), A, B);
    expect(bound.ok && areFamily(unbindFamily(bound.value, B, A), A, B)).toBe(false);
  });
});

describe('balances', () => {
  it('start at zero and change without touching the earlier ledger', () => {
    const before = known();
    const after = withBalanceChanges(before, [
      [A, 30],
      [B, -15],
      [A, 5],
    ]);
    expect([balanceOf(after, A), balanceOf(after, B), balanceOf(after, C)]).toEqual([35, -15, 0]);
    expect(balanceOf(before, A)).toBe(0);
  });
});

describe('operation fingerprints', () => {
  it('ignore key order and absent optionals, but not values', () => {
    const operation = withdrawOp(A, 30, '018f3c1e-7a4b-7c3d-8e9f-000000000001');
    const reordered = {
      type: operation.type,
      data: Object.fromEntries(Object.entries(operation.data).reverse()),
    };
    const withUndefinedNote: TimebankOperation = {
      type: 'timebank.withdraw.requested',
      data: {
        opId: operation.data.opId,
        residentKey: A,
        minutes: 30,
        serviceType: 'elderly-care',
        note: undefined,
      },
    };
    const fingerprint = operationFingerprint(operation);
    expect(operationFingerprint(reordered as typeof operation)).toBe(fingerprint);
    expect(operationFingerprint(withUndefinedNote)).toBe(fingerprint);
    expect(operationFingerprint(withdrawOp(A, 31, operation.data.opId))).not.toBe(fingerprint);
  });
});
