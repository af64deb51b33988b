import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { timebankDepositSchema } from '@yaofang/shared/timebank';
import {
  BOUND_CARD,
  HallRig,
  RECIPIENT,
  RECIPIENT_CARD,
  RECIPIENT_ID,
  RESIDENT,
  idCard,
} from './hall-test-rig.ts';

const bj = (local: string): number => Date.parse(`${local}+08:00`);
const FAMILY = 'f'.repeat(64);

describe('time bank at the hall', () => {
  let rig: HallRig;

  beforeEach(() => {
    vi.useFakeTimers({ now: bj('2025-03-01T09:00:00') });
    rig = new HallRig();
  });
  afterEach(() => {
    rig.close();
    vi.useRealTimers();
  });

  it('a 90-minute service: recipient taps, both tap at the end → one deposit of 90 minutes, pending', () => {
    rig.flow.idCardRead(idCard());
    rig.flow.intent({ type: 'timebank.service.start', serviceType: 'elderly-care' });
    expect(rig.session()!.service).toMatchObject({ state: 'waiting-recipient', startedAt: null });
    rig.flow.cardPresented(RECIPIENT_CARD);
    expect(rig.session()!.service).toMatchObject({
      state: 'in-progress',
      startedAt: bj('2025-03-01T09:00:00'),
    });

    // The volunteer leaves; the service outlives the session.
    rig.flow.intent({ type: 'session.end', reason: 'finished' });
    vi.setSystemTime(bj('2025-03-01T10:30:40'));
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.service!.state).toBe('in-progress');
    rig.flow.intent({ type: 'timebank.service.end' });
    expect(rig.session()!.service!.state).toBe('waiting-end-taps');
    rig.flow.idCardRead(idCard(RECIPIENT_ID));
    expect(rig.session()!.service!.endTaps).toEqual({ volunteer: false, recipient: true });
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.service).toMatchObject({ state: 'submitted', minutes: 90 });

    const [deposit, ...more] = rig.events('timebank.deposit.requested');
    expect(more).toEqual([]);
    expect(deposit!.class).toBe('ledger');
    expect(timebankDepositSchema.parse(deposit!.data)).toMatchObject({
      volunteerKey: RESIDENT,
      recipientKey: RECIPIENT,
      serviceType: 'elderly-care',
      minutes: 90,
    });
    const view = rig.session()!;
    expect(view.balances.minutes).toEqual({ confirmed: 0, pending: 90, shown: 90 });
    expect(view.operations).toEqual([
      { opId: deposit!.data.opId, kind: 'deposit', minutes: 90, status: 'pending', reason: null },
    ]);
  });

  it('shows the central answer at the next sign-in', () => {
    rig.setBalance(RESIDENT, 'minutes', 100);
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'timebank.donate', minutes: 30 });
    expect(rig.session()!.balances.minutes).toEqual({ confirmed: 100, pending: -30, shown: 70 });
    rig.flow.intent({ type: 'session.end', reason: 'finished' });
    const opId = rig.events('timebank.donate.requested')[0]!.data.opId as string;
    rig.ack({
      'timebank.donate.requested': {
        status: 'rejected',
        reason: 'overdraft',
        data: { opId, status: 'rejected', reasonCode: 'overdraft', reason: '余额不足' },
      },
    });
    vi.advanceTimersByTime(1_000);
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.operations).toEqual([
      { opId, kind: 'donate', minutes: 30, status: 'rejected', reason: '余额不足' },
    ]);
    expect(rig.session()!.balances.minutes.pending).toBe(0);
  });

  it('an accepted debit stays in the balance between the ack and the snapshot that counts it', () => {
    rig.setBalance(RESIDENT, 'minutes', 100);
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'timebank.donate', minutes: 30 });
    const opId = rig.events('timebank.donate.requested')[0]!.data.opId as string;
    rig.ack({
      'timebank.donate.requested': { status: 'applied', data: { opId, status: 'accepted' } },
    });
    rig.flow.intent({ type: 'session.end', reason: 'finished' });
    rig.flow.cardPresented(BOUND_CARD);
    // Acked, but the snapshot on the terminal predates it: 100 − 30, not 100.
    expect(rig.session()!.balances.minutes).toEqual({ confirmed: 100, pending: -30, shown: 70 });
    // The central's snapshot after the ack counts it.
    rig.db
      .prepare(
        `UPDATE balance_snapshots SET balance = 70, as_of = '2025-03-01T01:00:01.000Z', received_at = 3
         WHERE resident_key = ? AND account = 'minutes'`,
      )
      .run(RESIDENT);
    rig.flow.intent({ type: 'session.end', reason: 'finished' });
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.balances.minutes).toEqual({ confirmed: 70, pending: 0, shown: 70 });
  });

  it('offline, a debit above the daily quota is refused before any event is written', () => {
    rig.setBalance(RESIDENT, 'minutes', 500);
    rig.connected = false;
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'timebank.withdraw', minutes: 150, serviceType: 'elderly-care' });
    expect(rig.session()!.notice!.code).toBe('offline-quota');
    expect(rig.session()!.notice!.detail).toContain('120');
    expect(rig.events('timebank.withdraw.requested')).toEqual([]);

    rig.flow.intent({ type: 'timebank.withdraw', minutes: 100, serviceType: 'elderly-care' });
    expect(rig.session()!.notice).toBeNull();
    rig.flow.intent({ type: 'timebank.transfer', toKey: FAMILY, minutes: 30 });
    expect(rig.session()!.notice!.code).toBe('offline-quota');
    expect(rig.events('timebank.withdraw.requested')).toHaveLength(1);
    expect(rig.events('timebank.transfer.requested')).toEqual([]);
  });

  it('online, transfers to a family member from the loaded list', async () => {
    rig.setBalance(RESIDENT, 'minutes', 200);
    rig.answers.set('family', () => ({
      source: 'central',
      data: [{ residentKey: FAMILY, label: '家属 张*' }],
    }));
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'timebank.family.load' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.family).toEqual([{ residentKey: FAMILY, label: '家属 张*' }]);
    rig.flow.intent({ type: 'timebank.transfer', toKey: FAMILY, minutes: 60 });
    expect(rig.events('timebank.transfer.requested')[0]!.data).toMatchObject({
      fromKey: RESIDENT,
      toKey: FAMILY,
      minutes: 60,
    });
    rig.flow.intent({ type: 'timebank.withdraw', minutes: 800, serviceType: 'other' });
    expect(rig.session()!.notice).toEqual({ code: 'insufficient-balance' });
  });
});
