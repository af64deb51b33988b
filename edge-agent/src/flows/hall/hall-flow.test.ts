import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { previewLines, plainLines } from '@yaofang/shared/receipt';
import { BOUND_CARD, HallRig, ID_NAME, ID_NUMBER, NEW_CARD, RESIDENT, idCard } from './hall-test-rig.ts';

const bj = (local: string): number => Date.parse(`${local}+08:00`);

describe('hall flow: sign-in, binding, approvals, tickets', () => {
  let rig: HallRig;

  beforeEach(() => {
    vi.useFakeTimers({ now: bj('2025-03-01T09:00:00') });
    rig = new HallRig();
  });
  afterEach(() => {
    rig.close();
    vi.useRealTimers();
  });

  it('signs in with the ID card: masked name and number only, raw identity nowhere stored', () => {
    rig.flow.idCardRead(idCard());
    const view = rig.session()!;
    expect(view.resident).toEqual({
      signedInWith: 'idcard',
      maskedName: '测**一',
      maskedIdNumber: `${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(-4)}`,
      household: null,
    });
    expect(JSON.stringify(rig.messages)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(rig.messages)).not.toContain(ID_NAME);
    expect(rig.dump()).not.toContain(ID_NUMBER);
  });

  it('refuses an ID number that fails its checksum, and an expired card', () => {
    rig.flow.idCardRead(idCard(ID_NUMBER, { idNumberValid: false }));
    expect(rig.session()).toMatchObject({
      notice: { code: 'idcard-invalid' },
      resident: { maskedName: null },
    });
    rig.flow.idCardRead(idCard(ID_NUMBER, { validTo: '20250228' }));
    expect(rig.session()!.notice).toEqual({ code: 'idcard-expired' });
    vi.advanceTimersByTime(10_000);
    expect(rig.session()).toBeNull();
    rig.flow.idCardRead(idCard(ID_NUMBER, { validTo: '长期' }));
    expect(rig.session()!.resident.maskedName).toBe('测**一');
  });

  it('signs in with a bound RFID card (household masked) and refuses an unbound one', () => {
    rig.flow.cardPresented(NEW_CARD);
    expect(rig.session()!.notice).toEqual({ code: 'unbound-card' });
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.resident).toEqual({
      signedInWith: 'rfid',
      maskedName: null,
      maskedIdNumber: null,
      household: 'H-***01',
    });
  });

  it('ends on session.end and on idle', () => {
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'session.end', reason: 'finished' });
    expect(rig.session()).toBeNull();
    rig.flow.cardPresented(BOUND_CARD);
    vi.advanceTimersByTime(181_000);
    expect(rig.session()).toBeNull();
  });

  it('a late session.end naming an earlier session does not end the current one', () => {
    rig.flow.cardPresented(BOUND_CARD);
    const current = rig.session()!.sessionId;
    rig.flow.intent({ type: 'session.end', reason: 'finished', sessionId: 'an-earlier-session' });
    expect(rig.session()?.sessionId).toBe(current);
    rig.flow.intent({ type: 'session.end', reason: 'finished', sessionId: current });
    expect(rig.session()).toBeNull();
  });

  it('binds a card: waiting-card → pending (event) → confirmed once the central syncs it', () => {
    rig.flow.idCardRead(idCard());
    rig.flow.intent({ type: 'hall.bind.start' });
    expect(rig.session()!.binding.state).toBe('waiting-card');
    rig.flow.cardPresented(NEW_CARD);
    expect(rig.session()!.binding.state).toBe('pending');
    const [event] = rig.events('card.bind.requested');
    expect(event!.data).toMatchObject({ residentKey: RESIDENT, cardKey: NEW_CARD });
    rig.db.prepare("INSERT INTO card_bindings VALUES (?, ?, NULL, 'resident', 2)").run(NEW_CARD, RESIDENT);
    vi.advanceTimersByTime(1_000);
    expect(rig.session()).toMatchObject({
      binding: { state: 'confirmed' },
      notice: { code: 'bind-confirmed' },
    });
  });

  it('a binding the central rejects in its ack becomes rejected; a bound card is refused', () => {
    rig.flow.idCardRead(idCard());
    rig.flow.intent({ type: 'hall.bind.start' });
    rig.flow.cardPresented(BOUND_CARD);
    expect(rig.session()!.notice).toEqual({ code: 'card-already-bound' });
    rig.flow.intent({ type: 'hall.bind.start' });
    rig.flow.cardPresented(NEW_CARD);
    rig.ack({ 'card.bind.requested': { status: 'rejected', reason: 'card reported lost' } });
    vi.advanceTimersByTime(1_000);
    expect(rig.session()!.binding.state).toBe('rejected');
  });

  it('looks an approval up online, offline and too late', async () => {
    rig.flow.cardPresented(BOUND_CARD);
    const item = {
      applicationNo: 'SP-2025-0001',
      title: '高龄津贴',
      status: '审核中',
      updatedAt: '2025-02-27',
    };
    rig.answers.set('approval.status', () => ({ source: 'central', data: item }));
    rig.flow.intent({ type: 'approval.lookup', applicationNo: 'SP-2025-0001' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.approvals).toEqual({ state: 'ok', items: [item] });
    expect(rig.asked[0]).toMatchObject({ kind: 'approval.status', timeoutMs: 3_000 });

    rig.flow.intent({ type: 'approval.slip.print' });
    await vi.advanceTimersByTimeAsync(0);
    const slip = plainLines(previewLines(rig.printer.printed[0]!));
    expect(slip).toContain('申请编号 SP-2025-0001');
    expect(slip.join('')).toContain('服务窗口');

    rig.answers.set('approval.list', () => ({ source: 'none', reason: 'deadline' }));
    rig.flow.intent({ type: 'approval.mine' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.approvals!.state).toBe('late');

    rig.connected = false;
    rig.flow.intent({ type: 'approval.lookup', applicationNo: 'SP-2025-0001' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.approvals!.state).toBe('offline');
  });

  it('numbers queue tickets per service and per local day, with a QR code', async () => {
    rig.flow.cardPresented(BOUND_CARD);
    for (const service of ['general', 'general', 'elderly-care'] as const) {
      rig.flow.intent({ type: 'queue.take', service });
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(rig.events('queue.ticket.issued').map((e) => e.data.number)).toEqual(['D001', 'D002', 'C001']);
    expect(rig.session()!.ticket).toMatchObject({ service: 'elderly-care', number: 'C001' });
    expect(plainLines(previewLines(rig.printer.printed[0]!))).toContain(
      '[QR] yf:ticket:general:2025-03-01:D001',
    );

    vi.setSystemTime(bj('2025-03-02T00:05:00'));
    rig.flow.intent({ type: 'queue.take', service: 'general' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.events('queue.ticket.issued').at(-1)!.data).toMatchObject({
      number: 'D001',
      day: '2025-03-02',
    });
  });

  it('loads history from the central, or falls back to local entries flagged stale', async () => {
    rig.flow.cardPresented(BOUND_CARD);
    rig.flow.intent({ type: 'hall.history.load', account: 'minutes' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.history).toEqual({ source: 'local', stale: true, entries: [] });
    const entry = {
      at: '2025-02-01T00:00:00Z',
      account: 'minutes',
      amount: 60,
      kind: 'deposit',
      status: 'confirmed',
      reason: null,
    };
    rig.answers.set('history', () => ({ source: 'central', data: { entries: [entry] } }));
    rig.flow.intent({ type: 'hall.history.load', account: 'minutes' });
    await vi.advanceTimersByTimeAsync(0);
    expect(rig.session()!.history).toEqual({ source: 'central', stale: false, entries: [entry] });

    rig.flow.intent({ type: 'hall.statement.print', account: 'minutes', format: 'receipt' });
    await vi.advanceTimersByTimeAsync(0);
    const lines = plainLines(previewLines(rig.printer.printed[0]!));
    expect(lines).toContain('时间银行对账单');
    expect(lines).toContain('2025-02-01 +60分钟');
  });
});
