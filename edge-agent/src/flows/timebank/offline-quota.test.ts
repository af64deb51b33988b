import { describe, expect, it } from 'vitest';
import {
  OfflineDebitQuota,
  type OfflineDebitDecision,
  type OfflineQuotaState,
  type ResidentBalanceView,
} from './offline-quota.ts';

const ELDER = 'e'.repeat(64);
const NEIGHBOUR = 'f'.repeat(64);
/** China Standard Time: local midnight of 2025-03-02 is 2025-03-01T16:00Z. */
const quota = new OfflineDebitQuota({ offlineDebitQuotaMinutes: 120, utcOffsetMinutes: 480 });
const MORNING = Date.parse('2025-03-01T09:00:00+08:00');
const LOCAL_MIDNIGHT = Date.parse('2025-03-02T00:00:00+08:00');
const RICH: ResidentBalanceView = { snapshotMinutes: 10_000, pendingMinutes: [] };

/** Asks for each amount in turn, keeping the state of every allowed debit. */
function spend(
  amounts: number[],
  options: { at?: number; balance?: ResidentBalanceView; state?: OfflineQuotaState; who?: string } = {},
): { decisions: OfflineDebitDecision[]; state: OfflineQuotaState } {
  let state = options.state ?? {};
  const decisions = amounts.map((minutes) => {
    const decision = quota.decide(
      state,
      { residentKey: options.who ?? ELDER, minutes, at: options.at ?? MORNING },
      options.balance ?? RICH,
    );
    if (decision.allowed) state = decision.state;
    return decision;
  });
  return { decisions, state };
}

describe('daily offline quota', () => {
  it('allows spending exactly the quota, in pieces', () => {
    const { decisions, state } = spend([50, 40, 30]);
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true]);
    expect(decisions[2]).toMatchObject({ remainingTodayMinutes: 0 });
    expect(quota.usedOn(state, ELDER, MORNING)).toBe(120);
  });

  it('refuses one minute over the quota, saying how much is left', () => {
    const { decisions } = spend([100, 21]);
    expect(decisions[1]).toEqual({
      allowed: false,
      code: 'daily-quota',
      message: expect.stringContaining('20 are left today, not 21') as string,
    });
    expect(spend([121]).decisions[0]).toMatchObject({ allowed: false, code: 'daily-quota' });
  });

  it('says when the day is used up', () => {
    const { decisions } = spend([120, 15]);
    expect(decisions[1]).toMatchObject({ allowed: false, code: 'daily-quota' });
    expect(!decisions[1]!.allowed && decisions[1]!.message).toContain('try again after midnight');
  });

  it('starts afresh at local midnight, not a millisecond earlier', () => {
    const { state } = spend([120]);
    expect(spend([1], { state, at: LOCAL_MIDNIGHT - 1 }).decisions[0]).toMatchObject({ allowed: false });
    expect(spend([120], { state, at: LOCAL_MIDNIGHT }).decisions[0]).toMatchObject({ allowed: true });
  });

  it('places local midnight by the configured UTC offset', () => {
    const newYork = new OfflineDebitQuota({ offlineDebitQuotaMinutes: 120, utcOffsetMinutes: -300 });
    expect(newYork.localDay(Date.parse('2025-03-02T04:59:59.999Z'))).toBe(
      newYork.localDay(Date.parse('2025-03-01T05:00:00.000Z')),
    );
    expect(newYork.localDay(Date.parse('2025-03-02T05:00:00.000Z'))).toBe(
      newYork.localDay(Date.parse('2025-03-01T05:00:00.000Z')) + 1,
    );
  });

  it('keeps counting when the clock is turned back to the day before', () => {
    const { state } = spend([120], { at: LOCAL_MIDNIGHT + 3_600_000 });
    expect(spend([15], { state, at: LOCAL_MIDNIGHT - 3_600_000 }).decisions[0]).toMatchObject({
      allowed: false,
      code: 'daily-quota',
    });
  });

  it('counts each resident separately and forgets past days', () => {
    const elderSpent = spend([120]).state;
    expect(spend([120], { state: elderSpent, who: NEIGHBOUR }).decisions[0]).toMatchObject({ allowed: true });
    const nextDay = spend([30], { state: elderSpent, who: NEIGHBOUR, at: LOCAL_MIDNIGHT }).state;
    expect(Object.keys(nextDay)).toEqual([NEIGHBOUR]);
  });

  it('refuses everything when the quota is 0', () => {
    const closed = new OfflineDebitQuota({ offlineDebitQuotaMinutes: 0, utcOffsetMinutes: 480 });
    const decision = closed.decide({}, { residentKey: ELDER, minutes: 1, at: MORNING }, RICH);
    expect(decision).toMatchObject({ allowed: false, code: 'daily-quota' });
    expect(!decision.allowed && decision.message).toContain(
      'cannot be spent while the service centre is offline',
    );
  });
});

describe('bounded by what the centre confirmed', () => {
  it('allows exactly snapshot plus pending debits, and refuses one minute more', () => {
    const balance: ResidentBalanceView = { snapshotMinutes: 100, pendingMinutes: [-30] };
    expect(spend([70], { balance }).decisions[0]).toMatchObject({ allowed: true, remainingTodayMinutes: 0 });
    expect(spend([71], { balance }).decisions[0]).toEqual({
      allowed: false,
      code: 'balance',
      message: expect.stringContaining('Only 70 confirmed minutes') as string,
    });
  });

  it('does not spend pending credits, which the centre may still reject', () => {
    const balance: ResidentBalanceView = { snapshotMinutes: 0, pendingMinutes: [60] };
    expect(spend([15], { balance }).decisions[0]).toMatchObject({ allowed: false, code: 'balance' });
    expect(quota.available({}, ELDER, MORNING, balance)).toBe(0);
  });

  it('does not lend the overdraft allowance offline', () => {
    const balance: ResidentBalanceView = { snapshotMinutes: -20, pendingMinutes: [] };
    const decision = spend([1], { balance }).decisions[0]!;
    expect(decision).toMatchObject({ allowed: false, code: 'balance' });
    expect(!decision.allowed && decision.message).toContain('no confirmed minutes');
  });

  it('refuses a resident this terminal has no snapshot for', () => {
    expect(
      spend([15], { balance: { snapshotMinutes: null, pendingMinutes: [] } }).decisions[0],
    ).toMatchObject({
      allowed: false,
      code: 'no-snapshot',
    });
  });

  it('reports the smaller of the two limits as available', () => {
    const { state } = spend([100]);
    expect(quota.available(state, ELDER, MORNING, RICH)).toBe(20);
    expect(quota.available({}, ELDER, MORNING, { snapshotMinutes: 50, pendingMinutes: [-45, 10] })).toBe(5);
  });
});

describe('inputs', () => {
  it('refuses amounts that are not whole positive minutes', () => {
    for (const minutes of [0, -5, 1.5, Number.NaN])
      expect(spend([minutes]).decisions[0]).toMatchObject({ allowed: false, code: 'invalid-minutes' });
  });

  it('rejects a configuration it cannot count with, naming the key', () => {
    expect(() => new OfflineDebitQuota({ offlineDebitQuotaMinutes: 120, utcOffsetMinutes: 900 })).toThrow(
      /^utcOffsetMinutes: use whole minutes between -720 and 840/,
    );
    expect(() => new OfflineDebitQuota({ offlineDebitQuotaMinutes: -1, utcOffsetMinutes: 480 })).toThrow(
      /^offlineDebitQuotaMinutes:/,
    );
  });
});
