import { describe, expect, it } from 'vitest';
import { applyWasteDeposit, replayWasteDeposit, type WasteDecision, type WasteLedgerRules } from './rules.ts';
import { dayTotal, dropsOfStation, emptyWasteLedger, pointsBalance, type WasteLedgerState } from './state.ts';
import { resident, wasteDrop } from './fixtures.ts';

const RULES: WasteLedgerRules = { dailyCapPointsPerHousehold: 10, timezoneOffsetMinutes: 480 };
const HOME = 'household:hh-0001';

/** Applies drops in order, each from the given station, and returns the last decision too. */
function applyAll(drops: Array<[station: string, data: unknown]>, state = emptyWasteLedger()) {
  let last: WasteDecision | null = null;
  for (const [station, data] of drops) {
    last = applyWasteDeposit(state, data, RULES, { station });
    state = last.state;
  }
  if (!last) throw new Error('applyAll needs at least one drop');
  return { state, last };
}

describe('applyWasteDeposit', () => {
  it('credits the resident and records the drop', () => {
    const data = wasteDrop({ points: 3 });
    const decision = applyWasteDeposit(emptyWasteLedger(), data, RULES, { station: 'W-1', eventId: 'e1' });
    expect(decision.verdict).toEqual({ status: 'applied' });
    expect(pointsBalance(decision.state, resident(1))).toBe(3);
    expect(dayTotal(decision.state, HOME, '2025-03-14')).toBe(3);
    expect(dropsOfStation(decision.state, 'W-1')).toEqual([
      expect.objectContaining({
        dropId: data.dropId,
        eventId: 'e1',
        claimedPoints: 3,
        creditedPoints: 3,
        outcome: 'credited',
        localDay: '2025-03-14',
      }),
    ]);
  });

  it('leaves the state it was given untouched', () => {
    const before = emptyWasteLedger();
    applyWasteDeposit(before, wasteDrop(), RULES);
    expect(before.drops.size).toBe(0);
    expect(before.balances.size).toBe(0);
  });

  it('credits a drop once: the same dropId again is rejected and changes nothing', () => {
    const data = wasteDrop({ points: 3 });
    const { state, last } = applyAll([
      ['W-1', data],
      ['W-1', { ...data }],
    ]);
    expect(last.verdict).toEqual({
      status: 'rejected',
      reason: expect.stringMatching(
        /^duplicate-drop: drop .* was already credited \(station W-1\)$/,
      ) as string,
    });
    expect(last.drop).toBeNull();
    expect(pointsBalance(state, resident(1))).toBe(3);
    expect(state.drops.size).toBe(1);
  });

  it('cuts a drop to what the daily cap leaves when two terminals credited the same household', () => {
    // Each terminal saw only its own 8 points and credited in full.
    const { state, last } = applyAll([
      ['W-1', wasteDrop({ points: 8 })],
      ['W-2', wasteDrop({ points: 8, residentKey: resident(2) })],
    ]);
    expect(last.verdict).toEqual({
      status: 'adjusted',
      reason: 'daily-cap: the household had 8 of 10 points on 2025-03-14, so 2 of the 8 claimed are credited',
      data: {
        dropId: expect.any(String) as string,
        points: 2,
        outcome: 'partially-capped',
        reasonCode: 'daily-cap',
        todayPoints: 10,
      },
    });
    expect(last.drop).toMatchObject({ claimedPoints: 8, creditedPoints: 2, outcome: 'partially-capped' });
    expect(pointsBalance(state, resident(1))).toBe(8);
    expect(pointsBalance(state, resident(2))).toBe(2);
    expect(dayTotal(state, HOME, '2025-03-14')).toBe(10);

    const third = applyWasteDeposit(state, wasteDrop({ points: 1 }), RULES, { station: 'W-2' });
    expect(third.verdict).toMatchObject({ status: 'adjusted', data: { points: 0, outcome: 'capped' } });
    expect(pointsBalance(third.state, resident(1))).toBe(8);
    expect(third.state.drops.size).toBe(3);
  });

  it('applies a drop that reaches the cap exactly', () => {
    const { last } = applyAll([
      ['W-1', wasteDrop({ points: 8 })],
      ['W-1', wasteDrop({ points: 2 })],
    ]);
    expect(last.verdict).toEqual({ status: 'applied' });
  });

  it('resets the cap at local midnight, not UTC midnight', () => {
    const { state } = applyAll([
      ['W-1', wasteDrop({ points: 10, at: '2025-03-14T23:59:59+08:00' })],
      // 00:00:01 in Beijing is still 2025-03-14 in UTC.
      ['W-1', wasteDrop({ points: 10, at: '2025-03-14T16:00:01Z' })],
    ]);
    expect(pointsBalance(state, resident(1))).toBe(20);
    expect(dayTotal(state, HOME, '2025-03-15')).toBe(10);
  });

  it('counts a resident without a household on their own', () => {
    const { state } = applyAll([
      ['W-1', wasteDrop({ points: 10 })],
      ['W-1', wasteDrop({ points: 10, household: null, residentKey: resident(3) })],
    ]);
    expect(pointsBalance(state, resident(3))).toBe(10);
    expect(dayTotal(state, `resident:${resident(3)}`, '2025-03-14')).toBe(10);
  });

  it('records drops that earn nothing without crediting them', () => {
    const { state, last } = applyAll([['W-1', wasteDrop({ netGrams: 30, points: 0, outcome: 'too-light' })]]);
    expect(last.verdict).toEqual({ status: 'applied' });
    expect(state.drops.size).toBe(1);
    expect(pointsBalance(state, resident(1))).toBe(0);
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'hello', /^invalid waste\.deposited data: message: /],
    [
      'a raw ID number field',
      { ...wasteDrop(), idNumber: '999999197001010013' },
      /unknown key\(s\) idNumber/,
    ],
    [
      'a residentKey that is not a key',
      wasteDrop({ residentKey: '999999197001010013' }),
      /^.*residentKey: 64/,
    ],
    [
      'points on a too-light drop',
      wasteDrop({ outcome: 'too-light', points: 2 }),
      /points: an outcome of too-light/,
    ],
    ['a net that does not add up', { ...wasteDrop(), netGrams: 7 }, /netGrams: must equal/],
    ['negative points', wasteDrop({ points: -1 }), /points: never negative/],
  ])('rejects %s with the reason and changes nothing', (_name, data, reason) => {
    const before: WasteLedgerState = emptyWasteLedger();
    const decision = applyWasteDeposit(before, data, RULES);
    expect(decision.verdict.status).toBe('rejected');
    expect(decision.verdict.status === 'rejected' && decision.verdict.reason).toMatch(reason);
    expect(decision.state).toBe(before);
    expect(decision.drop).toBeNull();
  });
});

describe('replayWasteDeposit', () => {
  it('rebuilds the same state from the recorded verdicts, even under other rules', () => {
    const drops: Array<[string, unknown]> = [
      ['W-1', wasteDrop({ points: 8 })],
      ['W-2', wasteDrop({ points: 8 })],
      ['W-2', { broken: true }],
    ];
    let decided = emptyWasteLedger();
    let replayed = emptyWasteLedger();
    for (const [station, data] of drops) {
      const decision = applyWasteDeposit(decided, data, RULES, { station });
      decided = decision.state;
      const looser = { ...RULES, dailyCapPointsPerHousehold: 1000 };
      replayed = replayWasteDeposit(replayed, data, decision.verdict, looser, { station });
    }
    expect(replayed).toEqual(decided);
  });
});
