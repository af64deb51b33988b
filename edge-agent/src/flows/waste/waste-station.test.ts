import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { residentKey, syntheticIdNumber } from '@yaofang/shared';
import {
  CARD,
  DISTRICT_KEY,
  FlowRig,
  OTHER_CARD,
  RESIDENT,
  TECH_CARD,
  UNBOUND_CARD,
  bj,
} from './flow-test-rig.ts';
import type { WasteStation } from './waste-station.ts';

describe('waste station: identity, rules, alarms', () => {
  let rig: FlowRig;

  const start = (local: string) => {
    vi.useFakeTimers({ now: bj(local) });
    rig = new FlowRig();
    rig.station.start();
  };
  afterEach(() => {
    rig.close();
    vi.useRealTimers();
  });

  describe('identity', () => {
    beforeEach(() => start('2025-03-01T07:30:00'));

    it('tells an unbound card to bind at the hall kiosk, and clears the notice later', async () => {
      rig.station.cardPresented(UNBOUND_CARD);
      expect(rig.stationView()!.notice).toEqual({ code: 'unbound-card' });
      expect(rig.session()).toBeNull();
      await vi.advanceTimersByTimeAsync(8_100);
      expect(rig.stationView()!.notice).toBeNull();
    });

    it('does not start a resident session for a technician card', () => {
      rig.station.cardPresented(TECH_CARD);
      expect(rig.stationView()!.notice).toEqual({ code: 'technician-card' });
      expect(rig.session()).toBeNull();
    });

    it('ignores the same card again within 3 s, and continues the session after that', async () => {
      rig.station.cardPresented(CARD);
      const first = rig.session()!.sessionId;
      const sent = rig.messages.length;
      await vi.advanceTimersByTimeAsync(1_000);
      rig.station.cardPresented(CARD);
      expect(rig.messages.length).toBe(sent);
      await vi.advanceTimersByTimeAsync(3_000);
      rig.station.cardPresented(CARD);
      expect(rig.messages.length).toBeGreaterThan(sent);
      expect(rig.session()!.sessionId).toBe(first);
      expect(rig.rows('SELECT * FROM sessions')).toHaveLength(1);
    });

    it('hands the station to another resident between drops, but not during one', async () => {
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      await rig.until('dropping');
      rig.station.cardPresented(OTHER_CARD);
      expect(rig.session()!.step).toBe('dropping');
      rig.station.intent({ type: 'waste.done' });
      await rig.until('result');
      await vi.advanceTimersByTimeAsync(3_000);
      const before = rig.session()!.sessionId;
      rig.station.cardPresented(OTHER_CARD);
      expect(rig.session()).toMatchObject({ step: 'choose-category', household: null, drops: [] });
      expect(rig.session()!.sessionId).not.toBe(before);
    });

    it('signs in with an ID card as HMAC(districtKey, idNumber), storing no ID number', async () => {
      const idNumber = syntheticIdNumber(7);
      rig.station.idCardRead(idNumber);
      expect(rig.session()!.step).toBe('choose-category');
      await rig.drop('recyclable', 1000);
      const [event] = rig.events('waste.deposited');
      expect(event!.data.residentKey).toBe(residentKey(DISTRICT_KEY, idNumber));
      const dump = JSON.stringify(
        ['outbox', 'sessions', 'drops', 'ledger'].map((table) => rig.rows(`SELECT * FROM ${table}`)),
      );
      expect(dump).not.toContain(idNumber);
      expect(JSON.stringify(rig.messages)).not.toContain(idNumber);
    });
  });

  describe('drop-off windows, through the flow', () => {
    it('refuses kitchen waste at 06:59:59 with the opening time, and takes it at 07:00', async () => {
      start('2025-03-01T06:59:59');
      expect(rig.stationView()!.compartments[0]!.state).toMatchObject({
        state: 'closed-until',
        opensAtLocal: '07:00',
      });
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      expect(rig.session()).toMatchObject({
        step: 'choose-category',
        notice: { code: 'category-closed', opensAtLocal: '07:00' },
      });
      await vi.advanceTimersByTimeAsync(1_000);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      expect(rig.session()!.step).toBe('weighing-before');
    });

    it('closes kitchen waste at 09:00 until 18:00; recyclables stay open', () => {
      start('2025-03-01T09:00:00');
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      expect(rig.session()!.notice).toEqual({ code: 'category-closed', opensAtLocal: '18:00' });
      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      expect(rig.session()!.step).toBe('weighing-before');
    });

    it('sends the station view again when a window opens', async () => {
      start('2025-03-01T17:59:30');
      expect(rig.stationView()!.compartments[0]!.state.state).toBe('closed-until');
      await vi.advanceTimersByTimeAsync(60_000);
      expect(rig.stationView()!.compartments[0]!.state).toEqual({ state: 'open' });
    });

    it('applies the station rules over the defaults', () => {
      start('2025-03-01T12:00:00');
      rig.setRules((rules) => ({
        ...rules,
        version: 9,
        categories: { ...rules.categories, kitchen: { ...rules.categories.kitchen, windows: [] } },
      }));
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      expect(rig.session()!.step).toBe('weighing-before');
    });
  });

  describe('fill and alarms', () => {
    beforeEach(() => start('2025-03-01T07:30:00'));

    it('refuses a full compartment and reports fill changes once per whole percent', () => {
      rig.bin.setFill(0, 95);
      rig.bin.setFill(0, 95);
      rig.bin.setFill(1, 40);
      expect(rig.events('bin.state')).toEqual([
        { class: 'droppable', data: { compartment: 0, category: 'kitchen', fillPercent: 95, full: true } },
        {
          class: 'droppable',
          data: { compartment: 1, category: 'recyclable', fillPercent: 40, full: false },
        },
      ]);
      expect(rig.stationView()!.compartments[0]).toMatchObject({ fillPercent: 95, state: { state: 'full' } });
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      expect(rig.session()!.notice).toEqual({ code: 'category-full' });
    });

    it('on smoke mid-drop: closes every lid, records the alarm and the drop, refuses new drops until cleared', async () => {
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'kitchen' });
      await rig.until('dropping');
      rig.scale.set(10_600);
      rig.bin.setAlarm(1, 'smoke', true);
      expect(rig.session()!.notice).toEqual({ code: 'station-alarm' });
      expect(rig.bin.commands.filter((c) => c.command === 'close').map((c) => c.compartment)).toEqual(
        expect.arrayContaining([0, 1]),
      );
      await rig.until('result');
      expect(rig.bin.lid(0)).toBe('closed');
      expect(rig.events('waste.deposited')[0]!.data).toMatchObject({ netGrams: 600, points: 1 });
      expect(rig.events('bin.alarm')).toEqual([
        {
          class: 'event',
          data: { compartment: 1, category: 'recyclable', alarm: 'smoke', state: 'raised', active: 1 },
        },
      ]);
      expect(rig.stationView()!.compartments.map((c) => c.state)).toEqual([
        { state: 'fault', reason: 'smoke' },
        { state: 'fault', reason: 'smoke' },
      ]);

      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      expect(rig.session()).toMatchObject({ step: 'result', notice: { code: 'station-alarm' } });
      rig.bin.setAlarm(1, 'smoke', false);
      expect(rig.events('bin.alarm').at(-1)!.data).toMatchObject({ state: 'cleared', active: 0 });
      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      expect(rig.session()!.step).toBe('weighing-before');
    });

    it('ignores the full bit as an alarm: the fill threshold decides', () => {
      rig.bin.setAlarm(0, 'full', true);
      expect(rig.events('bin.alarm')).toEqual([]);
    });
  });

  describe('crash recovery', () => {
    let station: WasteStation;
    beforeEach(() => start('2025-03-01T07:30:00'));
    afterEach(() => station?.stop());

    /** Drive a drop to `dropping`, then drop the flow as a SIGKILL would. */
    async function crashWhileDropping(): Promise<void> {
      rig.station.cardPresented(CARD);
      rig.station.intent({ type: 'waste.choose', category: 'recyclable' });
      await rig.until('dropping');
      rig.station.stop(); // stops timers only; the row stays as a crash leaves it
      rig.scale.set(10_900);
      expect(rig.rows('SELECT step FROM sessions')).toEqual([{ step: 'dropping' }]);
    }

    it('closes the lid, weighs and records the drop once, flagged recovered', async () => {
      await crashWhileDropping();
      rig.messages.length = 0;
      station = rig.build();
      station.start();
      await rig.until('result');
      expect(rig.bin.lid(1)).toBe('closed');
      const events = rig.events('waste.deposited');
      expect(events).toHaveLength(1);
      expect(events[0]!.data).toMatchObject({ netGrams: 900, recovered: true, residentKey: RESIDENT });
      expect(rig.session()!.drops[0]).toMatchObject({ recovered: true, points: 4 });

      station.stop();
      station = rig.build();
      station.start();
      await vi.advanceTimersByTimeAsync(30_000);
      expect(rig.events('waste.deposited')).toHaveLength(1);
    });

    it('writes nothing again when the drop was committed but the session row still says weighing-after', async () => {
      await crashWhileDropping();
      station = rig.build();
      station.start();
      await rig.until('result');
      const dropId = rig.events('waste.deposited')[0]!.data.dropId as string;
      rig.db
        .prepare("UPDATE sessions SET step = 'weighing-after', drop_id = ?, gross_before_grams = 10000")
        .run(dropId);
      station.stop();
      rig.messages.length = 0;
      station = rig.build();
      station.start();
      await rig.until('result');
      expect(rig.events('waste.deposited')).toHaveLength(1);
      expect(rig.session()!.drops[0]).toMatchObject({ dropId, recovered: true });
    });

    it('forgets a session that had no drop in flight', () => {
      rig.station.cardPresented(CARD);
      rig.station.stop();
      station = rig.build();
      station.start();
      expect(rig.rows('SELECT * FROM sessions')).toEqual([]);
    });
  });
});
