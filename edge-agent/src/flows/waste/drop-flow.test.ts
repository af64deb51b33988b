import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wasteDepositedSchema } from '@yaofang/shared/waste';
import { CARD, FlowRig, HOUSEHOLD, OTHER_CARD, RESIDENT, bj } from './flow-test-rig.ts';

describe('waste-drop flow', () => {
  let rig: FlowRig;

  beforeEach(() => {
    vi.useFakeTimers({ now: bj('2025-03-01T07:30:00') });
    rig = new FlowRig();
    rig.station.start();
  });
  afterEach(() => {
    rig.close();
    vi.useRealTimers();
  });

  it('credits 1250 g of kitchen waste: drop, ledger entry and ledger-class event in one go', async () => {
    rig.station.cardPresented(CARD);
    expect(rig.session()).toMatchObject({ step: 'choose-category', household: 'H-***01', drops: [] });
    await rig.drop('kitchen', 1250);

    const view = rig.session()!;
    expect(view.drops).toEqual([
      expect.objectContaining({
        category: 'kitchen',
        netGrams: 1250,
        points: 2,
        outcome: 'credited',
        todayPoints: 2,
        balance: { confirmed: 0, pending: 2, shown: 2 },
        recovered: false,
      }),
    ]);
    expect(view.notice).toBeNull();
    const [event, ...more] = rig.events('waste.deposited');
    expect(more).toEqual([]);
    expect(event!.class).toBe('ledger');
    const data = wasteDepositedSchema.parse(event!.data);
    expect(data).toMatchObject({
      residentKey: RESIDENT,
      household: HOUSEHOLD,
      compartment: 0,
      grossBeforeGrams: 10_000,
      grossAfterGrams: 11_250,
      netGrams: 1250,
      points: 2,
      recovered: false,
      rulesVersion: 0,
    });
    expect(rig.rows('SELECT amount, local_day AS day FROM ledger')).toEqual([
      { amount: 2, day: '2025-03-01' },
    ]);
    expect(rig.rows('SELECT step, drop_id AS dropId FROM sessions')).toEqual([
      { step: 'result', dropId: null },
    ]);
    expect(rig.bin.lid(0)).toBe('closed');
  });

  it('persists every step of a drop in the sessions row', async () => {
    const steps: string[] = [];
    rig.db.function('note_step', (step: string) => {
      steps.push(step);
      return null;
    });
    rig.db.exec(
      'CREATE TRIGGER t AFTER UPDATE ON sessions BEGIN SELECT note_step(NEW.step); END; CREATE TRIGGER t2 AFTER INSERT ON sessions BEGIN SELECT note_step(NEW.step); END;',
    );
    rig.station.cardPresented(CARD);
    await rig.drop('recyclable', 500);
    expect([...new Set(steps)]).toEqual([
      'choose-category',
      'weighing-before',
      'opening',
      'dropping',
      'closing',
      'weighing-after',
      'result',
    ]);
  });

  it('takes several drops in one session and sums the day', async () => {
    rig.station.cardPresented(CARD);
    await rig.drop('kitchen', 1250);
    await rig.drop('recyclable', 1000);
    const drops = rig.session()!.drops;
    expect(drops.map((d) => [d.category, d.points, d.todayPoints])).toEqual([
      ['kitchen', 2, 2],
      ['recyclable', 5, 7],
    ]);
    expect(drops[1]!.balance).toEqual({ confirmed: 0, pending: 7, shown: 7 });
    expect(new Set(rig.events('waste.deposited').map((e) => e.data.sessionId)).size).toBe(1);
  });

  it('adds the central snapshot to pending entries, and stops counting an entry once acked', async () => {
    rig.db
      .prepare(
        "INSERT INTO balance_snapshots (resident_key, account, balance, as_of, received_at) VALUES (?, 'points', 40, '2025-03-01T00:00:00.000Z', 0)",
      )
      .run(RESIDENT);
    rig.station.cardPresented(CARD);
    await rig.drop('kitchen', 1250);
    expect(rig.session()!.drops[0]!.balance).toEqual({ confirmed: 40, pending: 2, shown: 42 });
    rig.db.exec('UPDATE outbox SET acked_at = 1');
    await rig.drop('kitchen', 1250);
    expect(rig.session()!.drops[1]!.balance).toEqual({ confirmed: 40, pending: 2, shown: 42 });
  });

  it('ends dropping when the controller closes the lid by itself', async () => {
    rig.station.cardPresented(CARD);
    rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
    await rig.until('dropping');
    expect(rig.session()!.closesAt).toBe(Date.now() + 30_000);
    rig.scale.set(10_400);
    await rig.until('result', 40_000);
    expect(rig.session()!.drops[0]).toMatchObject({ netGrams: 400, points: 2 });
    expect(rig.bin.commands.filter((c) => c.command === 'open')).toHaveLength(1);
  });

  describe('weights', () => {
    beforeEach(() => rig.station.cardPresented(CARD));

    it.each([
      [30, 'too-light', 0, undefined],
      [31_000, 'too-heavy-review', 0, 'above-max-net'],
      [-200, 'negative-net', 0, undefined],
    ])('%i g is %s with %i points', async (net, outcome, points, reasonCode) => {
      await rig.drop('kitchen', net);
      expect(rig.session()!.drops[0]).toMatchObject({ netGrams: net, outcome, points });
      expect(rig.session()!.notice).toEqual({ code: outcome });
      const [event] = rig.events('waste.deposited');
      expect(event!.data).toMatchObject({ outcome, points, netGrams: net });
      expect(event!.data.reasonCode).toBe(reasonCode);
      // The drops table keeps every drop; the ledger only balance movements.
      expect(rig.rows('SELECT * FROM drops')).toHaveLength(1);
      expect(rig.rows('SELECT * FROM ledger')).toEqual([]);
    });

    it('goes back to choosing when the scale never settles before the lid opens', async () => {
      rig.scale.unstable = true;
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      await rig.until('choose-category', 20_000);
      expect(rig.session()!.notice).toEqual({ code: 'scale-unstable' });
      expect(rig.bin.commands).toEqual([]);
      expect(rig.events('waste.deposited')).toEqual([]);
    });

    it('records a drop whose after-weight never settles with 0 points, for review', async () => {
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      await rig.until('dropping');
      rig.scale.set(12_000);
      rig.scale.unstable = true;
      rig.station.intent({ type: 'waste.done' });
      await rig.until('result', 60_000);
      const [event] = rig.events('waste.deposited');
      expect(event!.data).toMatchObject({ netGrams: 2000, points: 0, reasonCode: 'scale-unstable' });
      expect(rig.session()!.notice).toEqual({ code: 'scale-unstable' });
    });
  });

  describe('the daily household cap', () => {
    beforeEach(() => {
      rig.setRules((rules) => ({ ...rules, version: 3, dailyCapPointsPerHousehold: 3 }));
      rig.station.cardPresented(CARD);
    });

    it('credits the remainder when the cap is reached mid-drop, then nothing', async () => {
      await rig.drop('kitchen', 1250); // 2 points
      await rig.drop('kitchen', 1250); // 2 more would pass the cap of 3
      await rig.drop('kitchen', 1250);
      expect(rig.session()!.drops.map((d) => [d.outcome, d.points, d.todayPoints])).toEqual([
        ['credited', 2, 2],
        ['partially-capped', 1, 3],
        ['capped', 0, 3],
      ]);
      expect(rig.session()!.notice).toEqual({ code: 'capped' });
      expect(rig.events('waste.deposited').map((e) => e.data.rulesVersion)).toEqual([3, 3, 3]);
    });

    it('counts the household, not the card: another member shares the cap', async () => {
      await rig.drop('kitchen', 1250);
      rig.db.prepare('UPDATE card_bindings SET household = ? WHERE card_key = ?').run(HOUSEHOLD, OTHER_CARD);
      rig.station.intent({ type: 'session.end', reason: 'finished' });
      rig.station.cardPresented(OTHER_CARD);
      await rig.drop('kitchen', 1250);
      expect(rig.session()!.drops[0]).toMatchObject({
        outcome: 'partially-capped',
        points: 1,
        todayPoints: 3,
      });
    });
  });

  describe('ending a session', () => {
    beforeEach(() => rig.station.cardPresented(CARD));

    it('ends after 120 s without an intent, and forgets the session row', async () => {
      await rig.drop('recyclable', 500);
      await vi.advanceTimersByTimeAsync(119_000);
      expect(rig.session()).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1_100);
      expect(rig.session()).toBeNull();
      expect(rig.rows('SELECT * FROM sessions')).toEqual([]);
    });

    it('does not end on idle in the middle of a drop', async () => {
      rig.bin.states[1]!.autoCloseSeconds = 0; // the flow's own 30 s + grace then closes it
      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      await rig.until('dropping');
      rig.station.intent({ type: 'session.end', reason: 'finished' });
      expect(rig.session()!.step).toBe('dropping');
      await rig.until(null, 60_000);
      expect(rig.events('waste.deposited')).toHaveLength(1);
    });

    it("ignores a late session.end that names another session (the previous resident's finish)", () => {
      const current = rig.session()!.sessionId;
      rig.station.intent({ type: 'session.end', reason: 'finished', sessionId: 'some-earlier-session' });
      expect(rig.session()?.sessionId).toBe(current);
      rig.station.intent({ type: 'session.end', reason: 'finished', sessionId: current });
      expect(rig.session()).toBeNull();
    });

    it('ends at once on session.end between drops', () => {
      rig.station.intent({ type: 'session.end', reason: 'finished' });
      expect(rig.session()).toBeNull();
      expect(rig.messages.at(-1)).toEqual({ type: 'waste.session', session: null });
    });
  });

  describe('receipts', () => {
    beforeEach(async () => {
      rig.station.cardPresented(CARD);
      await rig.drop('kitchen', 1250);
    });

    it('prints the drop, with no resident key on the paper', async () => {
      rig.station.intent({ type: 'receipt.print', dropId: rig.session()!.drops[0]!.dropId });
      await vi.advanceTimersByTimeAsync(10);
      expect(rig.printer.printed).toHaveLength(1);
      expect(JSON.stringify(rig.printer.printed[0])).not.toContain(RESIDENT);
      expect(JSON.stringify(rig.printer.printed[0])).toContain('H-***01');
    });

    it('turns a printer failure into a notice', async () => {
      rig.printer.paperOut = true;
      rig.station.intent({ type: 'receipt.print', dropId: rig.session()!.drops[0]!.dropId });
      await vi.advanceTimersByTimeAsync(10);
      expect(rig.session()!.notice).toEqual({ code: 'device-fault', device: 'printer-1' });
      expect(rig.session()!.step).toBe('result');
    });
  });
});
