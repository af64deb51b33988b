import { assertNever } from '@yaofang/shared';
import type {
  TimebankAnswer,
  TimebankDeposit,
  TimebankOperation,
  TimebankReasonCode,
  TimebankRules,
  TimebankTransfer,
} from '@yaofang/shared/timebank';
import {
  areFamily,
  balanceOf,
  isKnownResident,
  operationFingerprint,
  withBalanceChanges,
  withDecision,
  type TimebankLedger,
} from './ledger.ts';

/**
 * The time-bank rules the reference central applies to each operation.
 *
 * Decisions:
 * - All or nothing: a deposit or transfer that would push a balance past the
 *   storage cap is rejected whole, never partly credited, so the volunteer's
 *   record of served minutes and the ledger always agree.
 * - Checks run in a fixed order (identity, amount, family, balance, cap), so
 *   the reason a resident hears is the most basic one.
 * - Every decided opId is remembered, rejected ones too: a retry gets the
 *   first answer again (an accepted replay is marked `duplicate`, nothing
 *   moves). A new attempt after a rejection needs a new opId. An opId reused
 *   for a different operation is rejected as `duplicate` and not recorded.
 * - Withdrawn minutes leave the bank; donated minutes go to the community
 *   pool; transfers move minutes between two balances. So balances + pool +
 *   withdrawn = deposited, always.
 */

export interface TimebankDecision {
  ledger: TimebankLedger;
  answer: TimebankAnswer;
  /** True when the opId was decided before; the ledger is then unchanged. */
  replayed: boolean;
}

type Rejection = { code: Exclude<TimebankReasonCode, 'duplicate'>; reason: string; subject?: string };
type Acceptance = {
  changes: Array<[string, number]>;
  subject: string;
  deposited?: number;
  withdrawn?: number;
  donated?: number;
};

export function applyTimebankOperation(
  rules: TimebankRules,
  ledger: TimebankLedger,
  operation: TimebankOperation,
): TimebankDecision {
  const opId = operation.data.opId;
  const earlier = ledger.decided.get(opId);
  if (earlier) {
    if (earlier.fingerprint !== operationFingerprint(operation)) {
      const answer: TimebankAnswer = {
        opId,
        status: 'rejected',
        reasonCode: 'duplicate',
        reason: 'this opId was already used for a different operation; create a new opId',
      };
      return { ledger, answer, replayed: true };
    }
    const first = earlier.answer;
    const answer: TimebankAnswer =
      first.status === 'accepted'
        ? { ...first, reasonCode: 'duplicate', reason: 'already applied; nothing changed this time' }
        : first;
    return { ledger, answer, replayed: true };
  }

  const verdict = decide(rules, ledger, operation);
  if ('code' in verdict) {
    const answer: TimebankAnswer = {
      opId,
      status: 'rejected',
      reasonCode: verdict.code,
      reason: verdict.reason,
    };
    if (verdict.subject !== undefined && isKnownResident(ledger, verdict.subject))
      answer.balanceAfter = balanceOf(ledger, verdict.subject);
    return { ledger: withDecision(ledger, operation, answer), answer, replayed: false };
  }

  let next = withBalanceChanges(ledger, verdict.changes);
  next = {
    ...next,
    depositedTotal: next.depositedTotal + (verdict.deposited ?? 0),
    withdrawnTotal: next.withdrawnTotal + (verdict.withdrawn ?? 0),
    communityPool: next.communityPool + (verdict.donated ?? 0),
  };
  const answer: TimebankAnswer = { opId, status: 'accepted', balanceAfter: balanceOf(next, verdict.subject) };
  return { ledger: withDecision(next, operation, answer), answer, replayed: false };
}

function decide(
  rules: TimebankRules,
  ledger: TimebankLedger,
  operation: TimebankOperation,
): Rejection | Acceptance {
  switch (operation.type) {
    case 'timebank.deposit.requested':
      return decideDeposit(rules, ledger, operation.data);
    case 'timebank.withdraw.requested': {
      const { residentKey, minutes } = operation.data;
      return (
        decideDebit(rules, ledger, residentKey, minutes) ?? {
          changes: [[residentKey, -minutes]],
          subject: residentKey,
          withdrawn: minutes,
        }
      );
    }
    case 'timebank.donate.requested': {
      const { residentKey, minutes } = operation.data;
      return (
        decideDebit(rules, ledger, residentKey, minutes) ?? {
          changes: [[residentKey, -minutes]],
          subject: residentKey,
          donated: minutes,
        }
      );
    }
    case 'timebank.transfer.requested':
      return decideTransfer(rules, ledger, operation.data);
    default:
      return assertNever(operation, 'time-bank operation');
  }
}

function decideDeposit(
  rules: TimebankRules,
  ledger: TimebankLedger,
  deposit: TimebankDeposit,
): Rejection | Acceptance {
  const { volunteerKey, recipientKey, minutes } = deposit;
  if (volunteerKey === recipientKey)
    return {
      code: 'self-service',
      reason: 'a volunteer cannot deposit time for serving themselves',
      subject: volunteerKey,
    };
  const unknown = unknownResident(ledger, [volunteerKey, recipientKey]);
  if (unknown) return { ...unknown, subject: volunteerKey };
  if (minutes < rules.minMinutes || minutes > rules.maxServiceMinutesPerDeposit)
    return {
      code: 'invalid-minutes',
      reason: `a deposit must be between ${rules.minMinutes} and ${rules.maxServiceMinutesPerDeposit} minutes, not ${minutes}`,
      subject: volunteerKey,
    };
  const over = overCap(rules, balanceOf(ledger, volunteerKey), minutes, 'your');
  if (over) return { ...over, subject: volunteerKey };
  return { changes: [[volunteerKey, minutes]], subject: volunteerKey, deposited: minutes };
}

function decideTransfer(
  rules: TimebankRules,
  ledger: TimebankLedger,
  transfer: TimebankTransfer,
): Rejection | Acceptance {
  const { fromKey, toKey, minutes } = transfer;
  if (fromKey === toKey)
    return { code: 'self-service', reason: 'a transfer needs two different residents', subject: fromKey };
  const unknown = unknownResident(ledger, [fromKey, toKey]);
  if (unknown) return { ...unknown, subject: fromKey };
  const debit = decideDebit(rules, ledger, fromKey, minutes, () =>
    areFamily(ledger, fromKey, toKey)
      ? null
      : {
          code: 'not-family',
          reason: 'minutes can only be transferred to family members bound at the service centre',
          subject: fromKey,
        },
  );
  if (debit) return debit;
  const over = overCap(rules, balanceOf(ledger, toKey), minutes, "the receiver's");
  if (over) return { ...over, subject: fromKey };
  return {
    changes: [
      [fromKey, -minutes],
      [toKey, minutes],
    ],
    subject: fromKey,
  };
}

/** Withdraw, donate and transfer share these: known resident, amount, then (after `between`) overdraft. */
function decideDebit(
  rules: TimebankRules,
  ledger: TimebankLedger,
  residentKey: string,
  minutes: number,
  between: () => Rejection | null = () => null,
): Rejection | null {
  const unknown = unknownResident(ledger, [residentKey]);
  if (unknown) return unknown;
  if (minutes < rules.minMinutes)
    return {
      code: 'invalid-minutes',
      reason: `use at least ${rules.minMinutes} minutes, not ${minutes}`,
      subject: residentKey,
    };
  const structural = between();
  if (structural) return structural;
  const balance = balanceOf(ledger, residentKey);
  if (balance - minutes < -rules.overdraftLimitMinutes) {
    const available = balance + rules.overdraftLimitMinutes;
    return {
      code: 'overdraft',
      reason: `only ${Math.max(0, available)} minutes can be used (balance ${balance}, overdraft allowance ${rules.overdraftLimitMinutes}), not ${minutes}`,
      subject: residentKey,
    };
  }
  return null;
}

function unknownResident(ledger: TimebankLedger, residentKeys: readonly string[]): Rejection | null {
  return residentKeys.every((key) => isKnownResident(ledger, key))
    ? null
    : { code: 'unknown-resident', reason: 'this resident is not registered with the time bank' };
}

function overCap(rules: TimebankRules, balance: number, minutes: number, whose: string): Rejection | null {
  if (balance + minutes <= rules.storageCapMinutes) return null;
  return {
    code: 'storage-cap',
    reason: `${whose} balance would be ${balance + minutes} minutes, above the storage cap of ${rules.storageCapMinutes}; at most ${Math.max(0, rules.storageCapMinutes - balance)} can be added`,
  };
}
