import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timebankAnswerSchema, type TimebankOperation, type TimebankRules } from '@yaofang/shared/timebank';
import {
  bindFamily,
  emptyTimebankLedger,
  registerResidents,
  totalBalances,
  type TimebankLedger,
} from './ledger.ts';
import { applyTimebankOperation } from './rules.ts';
import { depositOp, donateOp, resident, transferOp, withdrawOp } from './fixtures.ts';

/** Four registered residents and one the central does not know. */
const PEOPLE = [resident(11), resident(12), resident(13), resident(14), resident(15)];
const REGISTERED = PEOPLE.slice(0, 4);
const OP_IDS = Array.from(
  { length: 400 },
  (_, i) => `018f3c1e-7a4b-7c3d-8e9f-${String(i).padStart(12, '0')}`,
);

const rulesArb: fc.Arbitrary<TimebankRules> = fc
  .record({
    // Small limits often, so sequences of small amounts land on and just past them.
    storageCapMinutes: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 2000 })),
    overdraftLimitMinutes: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 20 }),
      fc.integer({ min: 0, max: 300 }),
    ),
    maxShare: fc.double({ min: 0, max: 1, noNaN: true }),
    minShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ storageCapMinutes, overdraftLimitMinutes, maxShare, minShare }) => {
    const maxServiceMinutesPerDeposit = Math.max(1, Math.round(storageCapMinutes * maxShare));
    const minMinutes = Math.max(1, Math.round(maxServiceMinutesPerDeposit * minShare));
    return {
      version: 1,
      storageCapMinutes,
      overdraftLimitMinutes,
      maxServiceMinutesPerDeposit,
      minMinutes,
      offlineDebitQuotaMinutes: 120,
    };
  });

const person = fc.oneof(
  { arbitrary: fc.constantFrom(...REGISTERED), weight: 9 },
  { arbitrary: fc.constant(PEOPLE[4]!), weight: 1 },
);
/** Mostly fresh opIds, sometimes one of a few, so retries and reused opIds both happen. */
const opId = fc
  .oneof(
    { arbitrary: fc.integer({ min: 0, max: OP_IDS.length - 1 }), weight: 6 },
    { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 },
  )
  .map((i) => OP_IDS[i]!);
const minutes = fc.oneof(
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 120 }),
  fc.integer({ min: 1, max: 2500 }),
);

const operationArb: fc.Arbitrary<TimebankOperation> = fc.oneof(
  fc
    .tuple(person, person, minutes, opId)
    .map(([volunteer, recipient, m, id]) => depositOp(volunteer, m, { recipientKey: recipient, opId: id })),
  fc.tuple(person, minutes, opId).map(([who, m, id]) => withdrawOp(who, m, id)),
  fc.tuple(person, minutes, opId).map(([who, m, id]) => donateOp(who, m, id)),
  fc.tuple(person, person, minutes, opId).map(([from, to, m, id]) => transferOp(from, to, m, id)),
);

const familiesArb = fc.subarray(
  REGISTERED.flatMap((a, i) => REGISTERED.slice(i + 1).map((b) => [a, b] as const)),
);

function startingLedger(families: ReadonlyArray<readonly [string, string]>): TimebankLedger {
  let ledger = registerResidents(emptyTimebankLedger(), REGISTERED);
  for (const [a, b] of families) {
    const bound = bindFamily(ledger, a, b);
    if (bound.ok) ledger = bound.value;
  }
  return ledger;
}

describe('time-bank invariants over any sequence of operations', () => {
  it('keeps every balance within [-overdraft, cap] and conserves minutes', () => {
    fc.assert(
      fc.property(
        rulesArb,
        familiesArb,
        fc.array(operationArb, { minLength: 20, maxLength: 80 }),
        (rules, families, operations) => {
          let ledger = startingLedger(families);
          for (const operation of operations) {
            const decision = applyTimebankOperation(rules, ledger, operation);
            expect(timebankAnswerSchema.safeParse(decision.answer).success).toBe(true);
            if (decision.replayed) expect(decision.ledger).toBe(ledger);
            ledger = decision.ledger;

            for (const balance of ledger.balances.values()) {
              expect(balance).toBeLessThanOrEqual(rules.storageCapMinutes);
              expect(balance).toBeGreaterThanOrEqual(-rules.overdraftLimitMinutes);
            }
            expect(totalBalances(ledger) + ledger.communityPool + ledger.withdrawnTotal).toBe(
              ledger.depositedTotal,
            );
            expect(ledger.communityPool).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers a retry exactly as the first time and changes nothing', () => {
    fc.assert(
      fc.property(
        rulesArb,
        familiesArb,
        fc.array(operationArb, { minLength: 10, maxLength: 40 }),
        (rules, families, operations) => {
          let ledger = startingLedger(families);
          for (const operation of operations) {
            const first = applyTimebankOperation(rules, ledger, operation);
            const retry = applyTimebankOperation(rules, first.ledger, structuredClone(operation));
            expect(retry.ledger).toBe(first.ledger);
            expect(retry.replayed).toBe(true);
            expect({ ...retry.answer, reasonCode: undefined, reason: undefined }).toEqual({
              ...first.answer,
              reasonCode: undefined,
              reason: undefined,
            });
            if (first.answer.status === 'rejected') expect(retry.answer).toEqual(first.answer);
            ledger = retry.ledger;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never moves a minute for a rejected operation', () => {
    fc.assert(
      fc.property(
        rulesArb,
        familiesArb,
        fc.array(operationArb, { minLength: 10, maxLength: 40 }),
        (rules, families, operations) => {
          let ledger = startingLedger(families);
          for (const operation of operations) {
            const decision = applyTimebankOperation(rules, ledger, operation);
            if (decision.answer.status === 'rejected') {
              expect(decision.ledger.balances).toBe(ledger.balances);
              expect(decision.ledger.communityPool).toBe(ledger.communityPool);
            }
            ledger = decision.ledger;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
