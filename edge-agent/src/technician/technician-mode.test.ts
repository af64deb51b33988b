import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { AgentToKiosk, TechnicianView } from '@yaofang/shared';
import { openDatabase, type Db } from '../store/database.ts';
import { Outbox } from '../store/outbox.ts';
import { FakeBin } from '../flows/waste/fake-devices.ts';
import { configSchema } from '../config/schema.ts';
import { hashPin } from './pin.ts';
import { TechnicianMode, withoutCredentials, type TechnicianDevices } from './technician-mode.ts';

const TECH = 'a1'.repeat(32);
const RESIDENT_CARD = 'b2'.repeat(32);
const PIN = '482913';
const PIN_HASH = hashPin(PIN);

class Rig {
  readonly db: Db = openDatabase(':memory:');
  readonly outbox = new Outbox(this.db, 'T-1');
  readonly bin = new FakeBin(['kitchen', 'recyclable'], 10);
  readonly messages: AgentToKiosk[] = [];
  now = Date.parse('2026-11-27T02:00:00Z');
  restarts = 0;
  mode: TechnicianMode;

  constructor(readonly pinHash: string | null = PIN_HASH) {
    this.mode = this.build();
  }

  build(): TechnicianMode {
    const technician = configSchema.shape.technician.parse(this.pinHash ? { pinHash: this.pinHash } : {});
    const devices = {
      all: [],
      scale: undefined,
      printer: undefined,
      bin: this.bin,
      reset: () => Promise.resolve({ ok: false, error: 'no device' }),
    } as unknown as TechnicianDevices;
    return new TechnicianMode({
      db: this.db,
      outbox: this.outbox,
      devices,
      stationId: 'T-1',
      version: '0.0.0-test',
      config: technician,
      logFile: undefined,
      isTechnicianCard: (key) => key === TECH,
      uplinkStatus: () => ({ connected: true, backlog: this.outbox.backlog(), lastError: null }),
      brokerUrl: 'mqtt://127.0.0.1:1883',
      now: () => this.now,
      broadcast: (message) => this.messages.push(message),
      onEventWritten: () => undefined,
      restartAgent: () => this.restarts++,
      log: pino({ level: 'silent' }),
      refreshMs: 60_000,
    });
  }

  view(): TechnicianView | null {
    return this.mode.view();
  }

  /** Send an intent and wait until the mode has handled it. */
  async intent(intent: Parameters<TechnicianMode['intent']>[0]): Promise<TechnicianView | null> {
    const before = this.messages.length;
    this.mode.intent(intent);
    for (let i = 0; i < 200 && this.messages.length === before; i++)
      await new Promise((r) => setTimeout(r, 5));
    return this.view();
  }

  events(): Array<{ action: string; outcome: string; actor: string; detail: string }> {
    return this.db
      .prepare<[], { payload: string }>(
        "SELECT payload FROM outbox WHERE type = 'technician.action' ORDER BY seq",
      )
      .all()
      .map((row) => (JSON.parse(row.payload) as { data: never }).data);
  }

  auditRows(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM audit').get()!.n;
  }
}

let rig: Rig;
afterEach(() => rig.mode.stop());

describe('technician login', () => {
  it('a technician card opens the PIN pad; a resident card or a signed-in resident does not', () => {
    rig = new Rig();
    expect(rig.mode.cardPresented(RESIDENT_CARD, false)).toBe(false);
    expect(rig.mode.cardPresented(TECH, true)).toBe(false);
    expect(rig.view()).toBeNull();
    expect(rig.mode.cardPresented(TECH, false)).toBe(true);
    expect(rig.view()).toMatchObject({ phase: 'pin', attemptsLeft: 5, status: null });
    // While it is on, every tap is taken (a resident's card does not start a session behind it).
    expect(rig.mode.cardPresented(RESIDENT_CARD, false)).toBe(true);
  });

  it('the right PIN opens the pages; each attempt is audited without the PIN', async () => {
    rig = new Rig();
    rig.mode.cardPresented(TECH, false);
    expect(await rig.intent({ type: 'tech.pin', pin: '735106' })).toMatchObject({
      phase: 'pin',
      attemptsLeft: 4,
      last: { action: 'login', outcome: 'failed', code: 'wrong-pin' },
    });
    const open = await rig.intent({ type: 'tech.pin', pin: PIN });
    expect(open).toMatchObject({ phase: 'open', attemptsLeft: 5, last: { outcome: 'ok', code: 'ok' } });
    expect(open?.status?.bin?.compartments).toHaveLength(2);
    expect(rig.events().map((e) => [e.action, e.outcome])).toEqual([
      ['login', 'failed'],
      ['login', 'ok'],
    ]);
    expect(rig.events().every((e) => e.actor === TECH)).toBe(true);
    expect(rig.auditRows()).toBe(2);
    const everything = rig.db.prepare('SELECT payload FROM outbox').all();
    expect(JSON.stringify(everything)).not.toContain(PIN);
    expect(JSON.stringify(everything)).not.toContain('735106');
  });

  it('locks for 15 minutes after 5 wrong PINs, across a restart, then allows 5 attempts again', async () => {
    rig = new Rig();
    rig.mode.cardPresented(TECH, false);
    for (let i = 1; i <= 4; i++) await rig.intent({ type: 'tech.pin', pin: `1111${i}` });
    const locked = await rig.intent({ type: 'tech.pin', pin: '9999' });
    expect(locked).toMatchObject({ phase: 'locked', attemptsLeft: 0, last: { code: 'locked' } });
    expect(Date.parse(locked!.lockedUntil!)).toBe(rig.now + 15 * 60_000);
    // The right PIN does not help while locked.
    expect(await rig.intent({ type: 'tech.pin', pin: PIN })).toMatchObject({
      phase: 'locked',
      last: { outcome: 'refused', code: 'locked' },
    });
    // A restarted agent (same store) is still locked.
    rig.mode.stop();
    rig.mode = rig.build();
    rig.now += 14 * 60_000;
    rig.mode.cardPresented(TECH, false);
    expect(rig.view()).toMatchObject({ phase: 'locked' });
    rig.now += 60_000;
    expect(rig.view()).toMatchObject({ phase: 'pin', attemptsLeft: 5, lockedUntil: null });
    expect(await rig.intent({ type: 'tech.pin', pin: PIN })).toMatchObject({ phase: 'open' });
    const actions = rig.events().map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toEqual([
      ...Array<string>(5).fill('login:failed'),
      'lockout:ok',
      'login:refused',
      'login:ok',
    ]);
  });

  it('actions need the PIN first; exit closes the mode and is audited', async () => {
    rig = new Rig();
    rig.mode.cardPresented(TECH, false);
    expect(await rig.intent({ type: 'tech.lid', compartment: 0, open: true })).toMatchObject({
      phase: 'pin',
      last: { outcome: 'refused', code: 'pin-required' },
    });
    expect(rig.bin.commands).toEqual([]);
    await rig.intent({ type: 'tech.pin', pin: PIN });
    expect(await rig.intent({ type: 'tech.lid', compartment: 1, open: true })).toMatchObject({
      last: { action: 'bin.open', outcome: 'ok' },
    });
    expect(rig.bin.commands).toEqual([{ command: 'open', compartment: 1 }]);
    expect(await rig.intent({ type: 'tech.lid', compartment: 7, open: true })).toMatchObject({
      last: { outcome: 'refused', code: 'bad-target' },
    });
    expect(await rig.intent({ type: 'tech.print-test' })).toMatchObject({
      last: { outcome: 'refused', code: 'no-device' },
    });
    expect(await rig.intent({ type: 'tech.logs-export', target: '/etc' })).toMatchObject({
      last: { outcome: 'refused', code: 'bad-target' },
    });
    expect(await rig.intent({ type: 'tech.exit' })).toBeNull();
    expect(rig.messages.at(-1)).toEqual({ type: 'technician', view: null });
    expect(rig.events().map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'login:ok',
      'bin.open:ok',
      'bin.open:refused',
      'printer.test:refused',
      'logs.export:refused',
      'logout:ok',
    ]);
  });

  it('an agent restart is audited before the agent is asked to stop', async () => {
    rig = new Rig();
    rig.mode.cardPresented(TECH, false);
    await rig.intent({ type: 'tech.pin', pin: PIN });
    await rig.intent({ type: 'tech.restart', what: 'agent' });
    expect(rig.restarts).toBe(1);
    expect(rig.events().at(-1)).toMatchObject({ action: 'agent.restart', outcome: 'ok' });
    expect(rig.view()).toBeNull();
  });

  it('without a configured PIN the card is answered, and no PIN opens anything', async () => {
    rig = new Rig(null);
    rig.mode.cardPresented(TECH, false);
    expect(rig.view()).toMatchObject({ phase: 'pin', last: { code: 'not-configured' } });
    expect(await rig.intent({ type: 'tech.pin', pin: PIN })).toMatchObject({
      phase: 'pin',
      last: { outcome: 'refused', code: 'not-configured' },
    });
  });
});

describe('the broker address a technician sees', () => {
  it('keeps scheme, host and port and drops credentials and paths', () => {
    expect(withoutCredentials('mqtts://edge:s3cret@mqtt.example.gov.cn:8883/ws')).toBe(
      'mqtts://mqtt.example.gov.cn:8883',
    );
    expect(withoutCredentials('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
  });
});
