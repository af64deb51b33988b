import { residentKey, syntheticIdNumber, uuidv7 } from '@yaofang/shared';
import type { ServiceType, TimebankOperation, TimebankRules } from '@yaofang/shared/timebank';

/** Synthetic residents and operations for the time-bank tests. */

const DISTRICT_KEY = new TextEncoder().encode('synthetic district key for tests');

/** The residentKey of synthetic resident `n` (region 999999, never a real person). */
export const resident = (n: number): string => residentKey(DISTRICT_KEY, syntheticIdNumber(n));

/** Small numbers, so edges are easy to read in the tests. */
export const TEST_RULES: TimebankRules = {
  version: 7,
  storageCapMinutes: 600,
  overdraftLimitMinutes: 60,
  maxServiceMinutesPerDeposit: 240,
  minMinutes: 15,
  offlineDebitQuotaMinutes: 120,
};

const START = Date.parse('2025-03-01T01:00:00.000Z');

export function depositOp(
  volunteerKey: string,
  minutes: number,
  options: { recipientKey?: string; opId?: string; serviceType?: ServiceType } = {},
): TimebankOperation {
  return {
    type: 'timebank.deposit.requested',
    data: {
      opId: options.opId ?? uuidv7(),
      volunteerKey,
      recipientKey: options.recipientKey ?? resident(999),
      serviceType: options.serviceType ?? 'elderly-care',
      startedAt: new Date(START).toISOString(),
      endedAt: new Date(START + Math.max(minutes, 1) * 60_000).toISOString(),
      minutes,
    },
  };
}

export function withdrawOp(residentKey: string, minutes: number, opId = uuidv7()): TimebankOperation {
  return {
    type: 'timebank.withdraw.requested',
    data: { opId, residentKey, minutes, serviceType: 'elderly-care' },
  };
}

export function donateOp(residentKey: string, minutes: number, opId = uuidv7()): TimebankOperation {
  return { type: 'timebank.donate.requested', data: { opId, residentKey, minutes, pool: 'community' } };
}

export function transferOp(
  fromKey: string,
  toKey: string,
  minutes: number,
  opId = uuidv7(),
): TimebankOperation {
  return { type: 'timebank.transfer.requested', data: { opId, fromKey, toKey, minutes } };
}
