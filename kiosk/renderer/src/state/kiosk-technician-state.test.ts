import { describe, expect, it } from 'vitest';
import type { TechnicianView } from '@yaofang/shared/technician';
import { hallSession } from '../hall/fixtures.ts';
import { technicianStatus, technicianView } from '../technician/fixtures.ts';
import { session, station } from '../waste/fixtures.ts';
import {
  INITIAL_STATE,
  isSessionActive,
  kioskReducer,
  type KioskAction,
  type KioskState,
} from './kiosk-state.ts';

function apply(actions: KioskAction[], from: KioskState = INITIAL_STATE): KioskState {
  return actions.reduce(kioskReducer, from);
}
const tech = (view: TechnicianView | null): KioskAction => ({
  type: 'agent',
  message: { type: 'technician', view },
});
const card = { cardRef: 'a1b2c3d4', reader: 'r', seq: 1, at: '2025-01-01T00:00:00Z' };
const open = technicianView({ phase: 'open', status: technicianStatus() });

describe('kioskReducer: technician mode', () => {
  it('shows the technician screen over the attract screen and keeps the page across updates', () => {
    const state = apply([
      { type: 'agent', message: { type: 'hello', station: 'ST-1', version: '1' } },
      tech(technicianView()),
    ]);
    expect(state.screen).toBe('technician');
    expect(state.technician?.phase).toBe('pin');
    // The agent times technician mode out; the kiosk's resident idle timer stays off.
    expect(isSessionActive(state)).toBe(false);
    const opened = apply([tech(open), { type: 'technician.page', page: 'scale' }], state);
    expect(opened.technicianPage).toBe('scale');
    const reading = kioskReducer(opened, tech({ ...open, last: null }));
    expect(reading.technicianPage).toBe('scale');
    expect(reading.sessionEpoch).toBe(state.sessionEpoch);
  });

  it('starts from a clean slate: no card, session or notice of a resident survives, preferences do', () => {
    const used = apply([
      { type: 'agent', message: { type: 'card.seen', card } },
      { type: 'agent', message: { type: 'hall.session', session: hallSession() } },
      { type: 'preferences', patch: { elderly: true, highContrast: true } },
      tech(technicianView()),
    ]);
    expect(used).toMatchObject({ screen: 'technician', card: null, hallSession: null, wasteSession: null });
    expect(used.preferences).toMatchObject({ elderly: true, highContrast: true });
    expect(JSON.stringify(used)).not.toContain('张*三');
    expect(JSON.stringify(used)).not.toContain(card.cardRef);
  });

  it('keeps resident messages off the technician screen', () => {
    const state = apply([tech(open)]);
    for (const message of [
      { type: 'card.seen', card },
      { type: 'hall.session', session: hallSession() },
      { type: 'waste.session', session: session() },
      { type: 'hall.session', session: null },
    ] as const)
      expect(kioskReducer(state, { type: 'agent', message })).toBe(state);
    // Terminal state still flows.
    const offline = kioskReducer(state, {
      type: 'agent',
      message: { type: 'uplink', connected: false, backlog: 2 },
    });
    expect(offline.uplink).toEqual({ connected: false, backlog: 2 });
    expect(offline.screen).toBe('technician');
    // A station notice (the technician card's own, say) is not raised over the pages.
    const noticed = kioskReducer(state, {
      type: 'agent',
      message: { type: 'station', station: station({ notice: { code: 'technician-card' } }) },
    });
    expect(noticed.stationNotice).toBeNull();
    expect(noticed.stationView?.notice).toEqual({ code: 'technician-card' });
  });

  it('null goes back to the attract screen and forgets the technician view, as after a session', () => {
    const used = apply([
      { type: 'agent', message: { type: 'hello', station: 'ST-1', version: '1' } },
      tech(open),
      { type: 'technician.page', page: 'uplink' },
      { type: 'preferences', patch: { language: 'en' } },
    ]);
    const off = kioskReducer(used, tech(null));
    expect(off).toEqual({
      ...INITIAL_STATE,
      station: 'ST-1',
      agentVersion: '1',
      sessionEpoch: used.sessionEpoch + 1,
    });
    expect(JSON.stringify(off)).not.toContain('connack timeout');
    expect(isSessionActive(off)).toBe(false);
    // A null without technician mode (a fresh page's greeting) changes nothing; nor does a page.
    expect(kioskReducer(off, tech(null))).toBe(off);
    expect(kioskReducer(off, { type: 'technician.page', page: 'bin' })).toBe(off);
  });

  it('the wipe (exit, idle) forgets technician mode too', () => {
    const wiped = apply([tech(open), { type: 'technician.page', page: 'logs' }, { type: 'session.wipe' }]);
    expect(wiped).toMatchObject({ screen: 'attract', technician: null, technicianPage: 'devices' });
  });

  it('settings return to the technician screen; kiosk.relaunch leaves the state to the App', () => {
    const state = apply([tech(technicianView()), { type: 'settings.open' }, { type: 'settings.close' }]);
    expect(state.screen).toBe('technician');
    expect(kioskReducer(state, { type: 'agent', message: { type: 'kiosk.relaunch' } })).toBe(state);
  });
});
