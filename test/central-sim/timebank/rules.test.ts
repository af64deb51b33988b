import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMEBANK_RULES,
  timebankAnswerSchema,
  type TimebankOperation,
} from '@yaofang/shared/timebank';
import {
  balanceOf,
  bindFamily,
  emptyTimebankLedger,
  registerResidents,
  type TimebankLedger,
} from './ledger.ts';
import { applyTimebankOperation } from './rules.ts';
import { TEST_RULES, depositOp, donateOp, resident, transferOp, withdrawOp } from './fixtures.ts';

const VOLUNTEER = resident(1);
const ELDER = resident(2);
const DAUGHTER = resident(3);
const STRANGER = resident(4);
const UNREGISTERED = resident(5);

function community(): TimebankLedger {
  const ledger = registerResidents(emptyTimebankLedger(), [
    VOLUNTEER,
    ELDER,
    DAUGHTER,
    STRANGER,
    resident(999),
  ]);
  const bound = bindFamily(ledger, ELDER, DAUGHTER);
  if (!bound.ok) throw new Error(bound.error);
  return bound.value;
}

/** Applies operations in order, each of which must be accepted; returns the ledger. */
function applyAll(
  ledger: TimebankLedger,
  operations: TimebankOperation[],
  rules = TEST_RULES,
): TimebankLedger {
  for (const operation of operations) {
    const decision = applyTimebankOperation(rules, ledger, operation);
    expect(decision.answer.status, JSON.stringify(decision.answer)).toBe('accepted');
    ledger = decision.ledger;
  }
  return ledger;
}

/** A balance of exactly `minutes` for `key`, built from deposits of at most 240. */
function funded(key: string, minutes: number, ledger = community()): TimebankLedger {
  const deposits: TimebankOperation[] = [];
  for (let left = minutes; left > 0; left -= Math.min(left, 240))
    deposits.push(depositOp(key, Math.min(left, 240)));
  return applyAll(ledger, deposits);
}

describe('deposit', () => {
  it('credits the volunteer and answers with the balance after', () => {
    const { ledger, answer } = applyTimebankOperation(TEST_RULES, community(), depositOp(VOLUNTEER, 90));
    expect(answer).toMatchObject({ status: 'accepted', balanceAfter: 90 });
    expect(timebankAnswerSchema.parse(answer)).toEqual(answer);
    expect(balanceOf(ledger, VOLUNTEER)).toBe(90);
    expect(ledger.depositedTotal).toBe(90);
  });

  it('accepts a deposit landing exactly on the storage cap', () => {
    const { answer } = applyTimebankOperation(TEST_RULES, funded(VOLUNTEER, 400), depositOp(VOLUNTEER, 200));
    expect(answer).toMatchObject({ status: 'accepted', balanceAfter: 600 });
  });

  it('rejects a deposit one minute over the storage cap, whole, with nothing credited', () => {
    const before = funded(VOLUNTEER, 400);
    const { ledger, answer } = applyTimebankOperation(TEST_RULES, before, depositOp(VOLUNTEER, 201));
    expect(answer).toMatchObject({ status: 'rejected', reasonCode: 'storage-cap', balanceAfter: 400 });
    expect(answer.reason).toContain('at most 200 can be added');
    expect(balanceOf(ledger, VOLUNTEER)).toBe(400);
    expect(ledger.depositedTotal).toBe(before.depositedTotal);
  });

  it('holds the default cap of 1500 hours to the minute', () => {
    let ledger = community();
    for (let i = 0; i < 125; i++)
      ledger = applyAll(ledger, [depositOp(VOLUNTEER, 720)], DEFAULT_TIMEBANK_RULES);
    expect(balanceOf(ledger, VOLUNTEER)).toBe(90_000);
    const over = applyTimebankOperation(DEFAULT_TIMEBANK_RULES, ledger, depositOp(VOLUNTEER, 30));
    expect(over.answer).toMatchObject({ status: 'rejected', reasonCode: 'storage-cap' });
  });

  it('rejects serving oneself', () => {
    const { answer } = applyTimebankOperation(
      TEST_RULES,
      community(),
      depositOp(ELDER, 60, { recipientKey: ELDER }),
    );
    expect(answer).toMatchObject({ status: 'rejected', reasonCode: 'self-service', balanceAfter: 0 });
  });

  it('accepts minutes at both ends of [minMinutes, maxServiceMinutesPerDeposit], rejects just outside', () => {
    const at = (minutes: number) =>
      applyTimebankOperation(TEST_RULES, community(), depositOp(VOLUNTEER, minutes)).answer;
    expect(at(15)).toMatchObject({ status: 'accepted' });
    expect(at(240)).toMatchObject({ status: 'accepted' });
    expect(at(14)).toMatchObject({ status: 'rejected', reasonCode: 'invalid-minutes' });
    expect(at(241)).toMatchObject({ status: 'rejected', reasonCode: 'invalid-minutes' });
  });

  it('rejects an unregistered volunteer or recipient', () => {
    const volunteer = applyTimebankOperation(TEST_RULES, community(), depositOp(UNREGISTERED, 60));
    expect(volunteer.answer).toMatchObject({ status: 'rejected', reasonCode: 'unknown-resident' });
    expect(volunteer.answer.balanceAfter).toBeUndefined();
    const recipient = depositOp(VOLUNTEER, 60, { recipientKey: UNREGISTERED });
    expect(applyTimebankOperation(TEST_RULES, community(), recipient).answer).toMatchObject({
      reasonCode: 'unknown-resident',
    });
  });
});

describe('withdraw and donate', () => {
  it('withdraws down to exactly the overdraft limit, and rejects one minute more', () => {
    const ledger = funded(ELDER, 100);
    expect(applyTimebankOperation(TEST_RULES, ledger, withdrawOp(ELDER, 160)).answer).toMatchObject({
      status: 'accepted',
      balanceAfter: -60,
    });
    const over = applyTimebankOperation(TEST_RULES, ledger, withdrawOp(ELDER, 161));
    expect(over.answer).toMatchObject({ status: 'rejected', reasonCode: 'overdraft', balanceAfter: 100 });
    expect(over.answer.reason).toContain('only 160 minutes can be used');
    expect(balanceOf(over.ledger, ELDER)).toBe(100);
  });

  it('counts withdrawn minutes as leaving the bank', () => {
    const { ledger } = applyTimebankOperation(TEST_RULES, funded(ELDER, 100), withdrawOp(ELDER, 40));
    expect(ledger.withdrawnTotal).toBe(40);
    expect(ledger.communityPool).toBe(0);
  });

  it('donates to the community pool under the same overdraft rule', () => {
    const ledger = funded(VOLUNTEER, 30);
    const donated = applyTimebankOperation(TEST_RULES, ledger, donateOp(VOLUNTEER, 90));
    expect(donated.answer).toMatchObject({ status: 'accepted', balanceAfter: -60 });
    expect(donated.ledger.communityPool).toBe(90);
    expect(applyTimebankOperation(TEST_RULES, ledger, donateOp(VOLUNTEER, 91)).answer).toMatchObject({
      reasonCode: 'overdraft',
    });
  });

  it('rejects less than minMinutes, and unregistered residents', () => {
    const ledger = funded(ELDER, 100);
    expect(applyTimebankOperation(TEST_RULES, ledger, withdrawOp(ELDER, 14)).answer).toMatchObject({
      reasonCode: 'invalid-minutes',
    });
    expect(applyTimebankOperation(TEST_RULES, ledger, withdrawOp(ELDER, 15)).answer.status).toBe('accepted');
    expect(applyTimebankOperation(TEST_RULES, ledger, donateOp(UNREGISTERED, 30)).answer).toMatchObject({
      reasonCode: 'unknown-resident',
    });
  });
});

describe('transfer', () => {
  it('moves minutes between family members, in either direction of the binding', () => {
    const ledger = funded(DAUGHTER, 200, funded(ELDER, 100));
    const toDaughter = applyTimebankOperation(TEST_RULES, ledger, transferOp(ELDER, DAUGHTER, 100));
    expect(toDaughter.answer).toMatchObject({ status: 'accepted', balanceAfter: 0 });
    expect(balanceOf(toDaughter.ledger, DAUGHTER)).toBe(300);
    const toElder = applyTimebankOperation(TEST_RULES, ledger, transferOp(DAUGHTER, ELDER, 200));
    expect(balanceOf(toElder.ledger, ELDER)).toBe(300);
  });

  it('rejects a transfer to someone who is not bound as family', () => {
    const { ledger, answer } = applyTimebankOperation(
      TEST_RULES,
      funded(ELDER, 100),
      transferOp(ELDER, STRANGER, 50),
    );
    expect(answer).toMatchObject({ status: 'rejected', reasonCode: 'not-family', balanceAfter: 100 });
    expect(balanceOf(ledger, STRANGER)).toBe(0);
  });

  it('reports not-family before overdraft', () => {
    const { answer } = applyTimebankOperation(TEST_RULES, community(), transferOp(ELDER, STRANGER, 500));
    expect(answer.reasonCode).toBe('not-family');
  });

  it('debits the sender down to the overdraft limit, not one minute further', () => {
    const ledger = community();
    expect(applyTimebankOperation(TEST_RULES, ledger, transferOp(ELDER, DAUGHTER, 60)).answer).toMatchObject({
      status: 'accepted',
      balanceAfter: -60,
    });
    expect(applyTimebankOperation(TEST_RULES, ledger, transferOp(ELDER, DAUGHTER, 61)).answer).toMatchObject({
      reasonCode: 'overdraft',
    });
  });

  it('fills the receiver exactly to the storage cap, and rejects one minute over', () => {
    const ledger = funded(DAUGHTER, 550, funded(ELDER, 100));
    expect(applyTimebankOperation(TEST_RULES, ledger, transferOp(ELDER, DAUGHTER, 50)).answer).toMatchObject({
      status: 'accepted',
    });
    const over = applyTimebankOperation(TEST_RULES, ledger, transferOp(ELDER, DAUGHTER, 51));
    expect(over.answer).toMatchObject({ status: 'rejected', reasonCode: 'storage-cap', balanceAfter: 100 });
    expect(over.answer.reason).toMatch(/^the receiver's balance/);
  });

  it('rejects a transfer to oneself', () => {
    const { answer } = applyTimebankOperation(TEST_RULES, funded(ELDER, 100), transferOp(ELDER, ELDER, 30));
    expect(answer).toMatchObject({ status: 'rejected', reasonCode: 'self-service' });
  });

  it('rejects a transfer to an unregistered resident', () => {
    const { answer } = applyTimebankOperation(
      TEST_RULES,
      funded(ELDER, 100),
      transferOp(ELDER, UNREGISTERED, 30),
    );
    expect(answer).toMatchObject({ status: 'rejected', reasonCode: 'unknown-resident', balanceAfter: 100 });
  });
});

describe('duplicate opIds', () => {
  it('answers an accepted retry the same way, marked duplicate, and moves nothing', () => {
    const operation = depositOp(VOLUNTEER, 90);
    const first = applyTimebankOperation(TEST_RULES, community(), operation);
    const again = applyTimebankOperation(TEST_RULES, first.ledger, structuredClone(operation));
    expect(again.replayed).toBe(true);
    expect(again.ledger).toBe(first.ledger);
    expect(again.answer).toEqual({
      ...first.answer,
      reasonCode: 'duplicate',
      reason: expect.any(String) as string,
    });
    expect(balanceOf(again.ledger, VOLUNTEER)).toBe(90);
  });

  it('answers a rejected retry with the first rejection, even after the balance changed', () => {
    const operation = withdrawOp(ELDER, 100);
    const first = applyTimebankOperation(TEST_RULES, community(), operation);
    expect(first.answer.reasonCode).toBe('overdraft');
    const richer = applyAll(first.ledger, [depositOp(ELDER, 200)]);
    const again = applyTimebankOperation(TEST_RULES, richer, operation);
    expect(again.answer).toEqual(first.answer);
    expect(balanceOf(again.ledger, ELDER)).toBe(200);
  });

  it('rejects an opId reused for a different operation, and keeps its first meaning', () => {
    const first = applyTimebankOperation(TEST_RULES, funded(ELDER, 100), withdrawOp(ELDER, 30));
    const opId = first.answer.opId;
    const reused = applyTimebankOperation(TEST_RULES, first.ledger, withdrawOp(ELDER, 40, opId));
    expect(reused.answer).toMatchObject({ opId, status: 'rejected', reasonCode: 'duplicate' });
    expect(reused.ledger).toBe(first.ledger);
    expect(
      applyTimebankOperation(TEST_RULES, reused.ledger, withdrawOp(ELDER, 30, opId)).answer,
    ).toMatchObject({
      status: 'accepted',
      balanceAfter: 70,
    });
  });
});

describe('purity', () => {
  it('leaves the ledger it was given untouched', () => {
    const before = funded(ELDER, 100);
    const snapshot = structuredClone(before);
    applyTimebankOperation(TEST_RULES, before, transferOp(ELDER, DAUGHTER, 50));
    expect(before).toEqual(snapshot);
  });
});
