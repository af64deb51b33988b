import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { approvalItemSchema, historyEntrySchema } from '@yaofang/shared/hall-session';
import { TEST_RULES, depositOp, donateOp, transferOp, withdrawOp } from '../timebank/fixtures.ts';
import type { RecordedDrop } from '../waste/state.ts';
import {
  APPROVALS,
  DAUGHTER,
  ELDER,
  FAMILIES,
  GRANDSON,
  NEIGHBOUR,
  operationEvent,
  resident,
} from './fixtures.ts';
import { hallConfig } from './options.ts';
import { answerApprovalList, answerApprovalStatus, answerFamily, answerHistory } from './requests.ts';
import { applyHallEvent, emptyHallState, type HallState } from './state.ts';
import type { TimebankOperation } from '@yaofang/shared/timebank';

const config = hallConfig({ rules: TEST_RULES, families: FAMILIES, approvals: APPROVALS });

function stateAfter(operations: TimebankOperation[]): HallState {
  let state = emptyHallState(config);
  for (const operation of operations)
    state = applyHallEvent(config, state, operationEvent(operation), 'HALL-01').state;
  return state;
}

function drop(overrides: Partial<RecordedDrop>): RecordedDrop {
  return {
    dropId: crypto.randomUUID(),
    eventId: crypto.randomUUID(),
    station: 'WASTE-01',
    residentKey: DAUGHTER,
    capKey: 'household:hh-1',
    category: 'kitchen',
    netGrams: 1000,
    claimedPoints: 2,
    creditedPoints: 2,
    outcome: 'credited',
    at: '2025-03-01T08:00:00+08:00',
    localDay: '2025-03-01',
    ...overrides,
  };
}

const dataOf = (answer: ReturnType<typeof answerHistory>) => {
  if (answer.status !== 'ok') throw new Error(answer.error);
  return answer.data;
};

describe('history request', () => {
  const withdraw = withdrawOp(DAUGHTER, 500);
  const state = stateAfter([
    depositOp(DAUGHTER, 120, { recipientKey: ELDER }),
    donateOp(DAUGHTER, 30),
    withdraw, // overdraft: rejected
    withdraw, // the same opId again: a replay, left out
    transferOp(DAUGHTER, ELDER, 45),
    depositOp(NEIGHBOUR, 60, { recipientKey: ELDER }),
  ]);

  it("answers the resident's minutes entries newest first, each a HistoryEntry", () => {
    const entries = dataOf(answerHistory(state, [], { residentKey: DAUGHTER, account: 'minutes' }));
    expect(z.array(historyEntrySchema).parse(entries)).toEqual(entries);
    expect(entries).toEqual([
      expect.objectContaining({ amount: -45, kind: 'transfer-out', status: 'confirmed', reason: null }),
      expect.objectContaining({ amount: -500, kind: 'withdraw', status: 'rejected', reason: 'overdraft' }),
      expect.objectContaining({ amount: -30, kind: 'donate', status: 'confirmed' }),
      expect.objectContaining({ amount: 120, kind: 'deposit', status: 'confirmed', account: 'minutes' }),
    ]);
  });

  it('shows the receiver an accepted transfer; the recipient of a service sees no deposit', () => {
    const entries = dataOf(answerHistory(state, [], { residentKey: ELDER, account: 'minutes' }));
    expect(entries).toEqual([expect.objectContaining({ amount: 45, kind: 'transfer-in' })]);
  });

  it('keeps to the limit', () => {
    const entries = dataOf(answerHistory(state, [], { residentKey: DAUGHTER, account: 'minutes', limit: 2 }));
    expect(entries).toHaveLength(2);
  });

  it("answers points from the waste ledger's drops, newest first, a capped drop with reason daily-cap", () => {
    const drops = [
      drop({ at: '2025-03-01T08:00:00+08:00' }),
      drop({ at: '2025-03-02T08:00:00+08:00', creditedPoints: 1, outcome: 'partially-capped' }),
      drop({ residentKey: NEIGHBOUR }),
    ];
    const entries = dataOf(answerHistory(state, drops, { residentKey: DAUGHTER, account: 'points' }));
    expect(entries).toEqual([
      {
        at: '2025-03-02T08:00:00+08:00',
        account: 'points',
        amount: 1,
        kind: 'waste-drop',
        status: 'confirmed',
        reason: 'daily-cap',
      },
      {
        at: '2025-03-01T08:00:00+08:00',
        account: 'points',
        amount: 2,
        kind: 'waste-drop',
        status: 'confirmed',
        reason: null,
      },
    ]);
    expect(dataOf(answerHistory(state, [], { residentKey: DAUGHTER, account: 'points' }))).toEqual([]);
  });

  it('answers bad args with an error naming the field', () => {
    expect(answerHistory(state, [], { residentKey: DAUGHTER, account: 'coins' })).toMatchObject({
      status: 'error',
      error: expect.stringContaining('invalid args: account') as string,
    });
    expect(answerHistory(state, [], { residentKey: DAUGHTER, account: 'minutes', limit: 0 })).toMatchObject({
      status: 'error',
      error: expect.stringContaining('limit') as string,
    });
  });
});

describe('family request', () => {
  it('answers the other members with their masked labels', () => {
    expect(answerFamily(config, { residentKey: ELDER })).toEqual({
      status: 'ok',
      data: [
        { residentKey: DAUGHTER, label: '家属 李*' },
        { residentKey: GRANDSON, label: '家属 王*' },
      ],
    });
    expect(answerFamily(config, { residentKey: DAUGHTER })).toMatchObject({
      data: [
        { residentKey: ELDER, label: '家属 张*' },
        { residentKey: GRANDSON, label: '家属 王*' },
      ],
    });
  });

  it('answers a resident without family with an empty list, and refuses a raw ID number', () => {
    expect(answerFamily(config, { residentKey: resident(77) })).toEqual({ status: 'ok', data: [] });
    expect(answerFamily(config, { residentKey: '999999197001010011' })).toMatchObject({ status: 'error' });
  });
});

describe('approval requests', () => {
  it('answers one application by number, without the applicant', () => {
    const answer = answerApprovalStatus(config, { applicationNo: 'SQ-2025-0002' });
    expect(answer).toEqual({
      status: 'ok',
      data: {
        applicationNo: 'SQ-2025-0002',
        title: '居家养老服务补贴',
        status: '已办结',
        updatedAt: '2025-03-05T10:30:00+08:00',
      },
    });
    if (answer.status === 'ok') expect(approvalItemSchema.strict().parse(answer.data)).toEqual(answer.data);
  });

  it("answers 'not found' for an unknown number and names a malformed one", () => {
    expect(answerApprovalStatus(config, { applicationNo: 'SQ-2099-9999' })).toEqual({
      status: 'error',
      error: 'not found',
    });
    expect(answerApprovalStatus(config, { applicationNo: 'x' })).toEqual({
      status: 'error',
      error: 'invalid args: applicationNo: use 4 to 32 letters, digits or -',
    });
  });

  it("lists the resident's own applications, most recently updated first", () => {
    expect(answerApprovalList(config, { residentKey: ELDER })).toEqual({
      status: 'ok',
      data: [
        expect.objectContaining({ applicationNo: 'SQ-2025-0002' }),
        expect.objectContaining({ applicationNo: 'SQ-2025-0001' }),
      ],
    });
    expect(answerApprovalList(config, { residentKey: GRANDSON })).toEqual({ status: 'ok', data: [] });
  });
});
