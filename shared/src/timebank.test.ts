import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIMEBANK_RULES,
  TIMEBANK_EVENT_TYPES,
  parseTimebankOperation,
  parseTimebankRules,
  timebankAnswerSchema,
  timebankDebit,
  timebankEventDataSchemas,
} from './timebank.ts';

const VOLUNTEER = 'a'.repeat(64);
const ELDER = 'b'.repeat(64);
const OP = '018f3c1e-7a4b-7c3d-8e9f-0123456789ab';

const deposit = (overrides: Record<string, unknown> = {}) => ({
  type: 'timebank.deposit.requested',
  data: {
    opId: OP,
    volunteerKey: VOLUNTEER,
    recipientKey: ELDER,
    serviceType: 'elderly-care',
    startedAt: '2025-03-01T09:00:00+08:00',
    endedAt: '2025-03-01T10:30:00+08:00',
    minutes: 90,
    ...overrides,
  },
});

function problems(raw: unknown): string[] {
  const parsed = parseTimebankOperation(raw);
  return parsed.ok ? [] : parsed.error;
}

describe('time-bank operations', () => {
  it('accepts each operation the terminal sends', () => {
    const operations = [
      deposit(),
      {
        type: 'timebank.withdraw.requested',
        data: { opId: OP, residentKey: ELDER, minutes: 60, serviceType: 'elderly-care', note: '助浴' },
      },
      {
        type: 'timebank.donate.requested',
        data: { opId: OP, residentKey: VOLUNTEER, minutes: 30, pool: 'community' },
      },
      {
        type: 'timebank.transfer.requested',
        data: { opId: OP, fromKey: VOLUNTEER, toKey: ELDER, minutes: 45 },
      },
    ];
    for (const operation of operations)
      expect(parseTimebankOperation(operation)).toEqual({ ok: true, value: operation });
    expect(TIMEBANK_EVENT_TYPES).toEqual(operations.map((operation) => operation.type));
  });

  it('allows a deposit of exactly the service span, and refuses one minute more', () => {
    expect(problems(deposit({ minutes: 90 }))).toEqual([]);
    expect(problems(deposit({ minutes: 91 }))).toEqual([
      'data.minutes: at most 90, the time between startedAt and endedAt',
    ]);
  });

  it('refuses a service that ends before it starts', () => {
    expect(problems(deposit({ endedAt: '2025-03-01T09:00:00+08:00' }))).toEqual([
      'data.endedAt: must be after startedAt',
    ]);
  });

  it('names the field and the fix for each bad value', () => {
    expect(problems(deposit({ minutes: 1.5 }))).toEqual([
      'data.minutes: use whole minutes, e.g. 90 rather than 1.5',
    ]);
    expect(problems(deposit({ minutes: '90' }))).toEqual([
      'data.minutes: write a whole number of minutes without quotes, e.g. 90 for 1.5 hours',
    ]);
    expect(problems(deposit({ minutes: 0 }))).toEqual(['data.minutes: use at least 1 minute']);
    expect(problems(deposit({ volunteerKey: '张三' }))).toEqual([
      'data.volunteerKey: use the residentKey (64 lowercase hex digits), never a name or ID number',
    ]);
    expect(problems(deposit({ recipientKey: undefined }))).toEqual([
      'data.recipientKey is missing: write a residentKey (64 lowercase hex digits)',
    ]);
    expect(problems(deposit({ serviceType: 'gardening' }))).toEqual([
      'data.serviceType: use one of elderly-care, mutual-help, charity, other',
    ]);
    expect(problems(deposit({ opId: 'op-1' }))).toEqual([
      'data.opId: use the UUID created on the terminal (reuse it on every retry)',
    ]);
    expect(problems(deposit({ startedAt: '2025-03-01 09:00' }))).toEqual([
      'data.startedAt: use an ISO time with offset, e.g. 2025-03-01T08:00:00+08:00',
    ]);
    expect(problems({ type: 'timebank.loan.requested', data: {} })[0]).toMatch(
      /^type: use one of timebank\.deposit/,
    );
  });

  it('keeps ID numbers out of withdrawal notes', () => {
    const withdraw = (note: string) => ({
      type: 'timebank.withdraw.requested',
      data: { opId: OP, residentKey: ELDER, minutes: 60, serviceType: 'other', note },
    });
    expect(problems(withdraw('送餐上门'))).toEqual([]);
    expect(problems(withdraw('for 999999 19700101 001 7'))).toEqual([
      'data.note: remove the ID number; notes must not hold personal data',
    ]);
  });

  it('says whose balance each operation lowers', () => {
    const transfer = parseTimebankOperation({
      type: 'timebank.transfer.requested',
      data: { opId: OP, fromKey: VOLUNTEER, toKey: ELDER, minutes: 45 },
    });
    expect(transfer.ok && timebankDebit(transfer.value)).toEqual({ residentKey: VOLUNTEER, minutes: 45 });
    const depositOp = parseTimebankOperation(deposit());
    expect(depositOp.ok && timebankDebit(depositOp.value)).toBeNull();
  });

  it('exposes the event data schemas by type, for the event map', () => {
    expect(timebankEventDataSchemas['timebank.donate.requested'].safeParse({}).success).toBe(false);
  });
});

describe('time-bank answers', () => {
  it('requires a reason code on a rejection', () => {
    expect(timebankAnswerSchema.safeParse({ opId: OP, status: 'rejected' }).success).toBe(false);
    expect(
      timebankAnswerSchema.safeParse({
        opId: OP,
        status: 'rejected',
        reasonCode: 'overdraft',
        balanceAfter: -600,
      }).success,
    ).toBe(true);
  });

  it('allows only the informational duplicate code on an acceptance', () => {
    expect(timebankAnswerSchema.safeParse({ opId: OP, status: 'accepted', balanceAfter: 90 }).success).toBe(
      true,
    );
    expect(
      timebankAnswerSchema.safeParse({ opId: OP, status: 'accepted', reasonCode: 'duplicate' }).success,
    ).toBe(true);
    expect(
      timebankAnswerSchema.safeParse({ opId: OP, status: 'accepted', reasonCode: 'overdraft' }).success,
    ).toBe(false);
  });
});

describe('time-bank rules', () => {
  it('accepts the defaults', () => {
    expect(parseTimebankRules(DEFAULT_TIMEBANK_RULES)).toEqual({ ok: true, value: DEFAULT_TIMEBANK_RULES });
    expect(DEFAULT_TIMEBANK_RULES.storageCapMinutes).toBe(1500 * 60);
  });

  it('names each bad or missing field and the fix', () => {
    const { offlineDebitQuotaMinutes: _omitted, ...rest } = DEFAULT_TIMEBANK_RULES;
    expect(parseTimebankRules({ ...rest, storageCapMinutes: '90000', overdraftLimitMinutes: -1 })).toEqual({
      ok: false,
      error: [
        'storageCapMinutes: write a whole number of minutes without quotes, e.g. 90000 for 1500 hours',
        'overdraftLimitMinutes: use at least 0',
        'offlineDebitQuotaMinutes is missing: write a whole number of minutes without quotes, e.g. 120; 0 stops offline debits',
      ],
    });
  });

  it('checks the limits against each other', () => {
    expect(parseTimebankRules({ ...DEFAULT_TIMEBANK_RULES, minMinutes: 721 })).toEqual({
      ok: false,
      error: ['minMinutes: use at most maxServiceMinutesPerDeposit (720)'],
    });
    expect(parseTimebankRules({ ...DEFAULT_TIMEBANK_RULES, storageCapMinutes: 600 })).toEqual({
      ok: false,
      error: ['maxServiceMinutesPerDeposit: use at most storageCapMinutes (600)'],
    });
    expect(
      parseTimebankRules({ ...DEFAULT_TIMEBANK_RULES, minMinutes: 720, overdraftLimitMinutes: 0 }).ok,
    ).toBe(true);
  });
});
