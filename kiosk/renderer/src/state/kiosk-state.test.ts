import { describe, expect, it } from 'vitest';
import type { AgentToKiosk } from '@yaofang/shared/local-api';
import { COMPARTMENTS, DROP, session, station } from '../waste/fixtures.ts';
import {
  INITIAL_STATE,
  isSessionActive,
  kioskReducer,
  type KioskAction,
  type KioskState,
} from './kiosk-state.ts';

const card = { cardRef: 'a1b2c3d4', reader: 'reader-1', seq: 7, at: '2025-01-01T08:00:00.000Z' };

function apply(actions: KioskAction[], from: KioskState = INITIAL_STATE): KioskState {
  return actions.reduce(kioskReducer, from);
}

describe('kioskReducer', () => {
  it('shows the card screen when the agent reports a card, from any screen', () => {
    const state = apply([{ type: 'settings.open' }, { type: 'agent', message: { type: 'card.seen', card } }]);
    expect(state.screen).toBe('card');
    expect(state.card).toEqual(card);
  });

  it('returns from settings to the card if there is one, else to the attract screen', () => {
    expect(apply([{ type: 'settings.open' }, { type: 'settings.close' }]).screen).toBe('attract');
    const withCard = apply([
      { type: 'agent', message: { type: 'card.seen', card } },
      { type: 'settings.open' },
    ]);
    expect(kioskReducer(withCard, { type: 'settings.close' }).screen).toBe('card');
  });

  it('wipes the resident session but keeps terminal state', () => {
    const used = apply([
      { type: 'agent', message: { type: 'hello', station: 'ST-01', version: '0.1.0' } },
      { type: 'agent', message: { type: 'uplink', connected: false, backlog: 3 } },
      { type: 'faults', faults: [{ device: 'printer-1', kind: 'printer', code: 'paper-out' }] },
      { type: 'agent', message: { type: 'card.seen', card } },
      { type: 'preferences', patch: { language: 'en', elderly: true, highContrast: true, voice: false } },
    ]);
    const wiped = kioskReducer(used, { type: 'session.wipe' });
    expect(wiped).toEqual({
      ...INITIAL_STATE,
      sessionEpoch: 1,
      station: 'ST-01',
      agentVersion: '0.1.0',
      uplink: { connected: false, backlog: 3 },
      faults: used.faults,
    });
    expect(JSON.stringify(wiped)).not.toContain(card.cardRef);
  });
});

describe('isSessionActive', () => {
  it('is idle on the untouched attract screen', () => {
    expect(isSessionActive(INITIAL_STATE)).toBe(false);
  });
  it('is active with a card, on settings, or with changed preferences', () => {
    expect(isSessionActive(apply([{ type: 'agent', message: { type: 'card.seen', card } }]))).toBe(true);
    expect(isSessionActive(apply([{ type: 'settings.open' }]))).toBe(true);
    expect(isSessionActive(apply([{ type: 'preferences', patch: { language: 'en' } }]))).toBe(true);
  });
});

describe('kioskReducer on a waste station', () => {
  const agent = (message: AgentToKiosk): KioskAction => ({ type: 'agent', message });

  it('keeps the station view and feeds its faults to the banners', () => {
    const faults = [{ device: 'scale-1', kind: 'scale', code: 'disconnected' }];
    const state = apply([agent({ type: 'station', station: station({ faults }) })]);
    expect(state.stationView?.compartments).toEqual(COMPARTMENTS);
    expect(state.faults).toEqual(faults);
    expect(state.stationNotice).toBeNull();
    expect(isSessionActive(state)).toBe(false);
  });

  it('shows a station notice once, until it expires', () => {
    const unbound = station({ notice: { code: 'unbound-card' } });
    const shown = apply([agent({ type: 'station', station: unbound })]);
    expect(shown.stationNotice).toEqual({ id: 1, notice: { code: 'unbound-card' } });
    // The same view again (a fill level changed) does not restart or resurrect it.
    const again = kioskReducer(shown, agent({ type: 'station', station: unbound }));
    expect(again.stationNotice).toBe(shown.stationNotice);
    expect(kioskReducer(again, { type: 'station.notice.expire', id: 0 }).stationNotice).not.toBeNull();
    const expired = kioskReducer(again, { type: 'station.notice.expire', id: 1 });
    expect(expired.stationNotice).toBeNull();
    expect(kioskReducer(expired, agent({ type: 'station', station: unbound })).stationNotice).toBeNull();
    // A different notice is shown with a new id.
    const tech = kioskReducer(
      expired,
      agent({ type: 'station', station: station({ notice: { code: 'technician-card' } }) }),
    );
    expect(tech.stationNotice).toEqual({ id: 2, notice: { code: 'technician-card' } });
  });

  it('routes a waste session to the waste screen and replaces it on every update', () => {
    const first = apply([
      agent({ type: 'station', station: station({ notice: { code: 'repeat-tap' } }) }),
      agent({ type: 'card.seen', card }),
      agent({ type: 'waste.session', session: session() }),
    ]);
    expect(first.screen).toBe('waste');
    expect(first.wasteSession?.step).toBe('choose-category');
    expect(first.stationNotice).toBeNull();
    expect(isSessionActive(first)).toBe(true);
    const dropping = kioskReducer(
      first,
      agent({
        type: 'waste.session',
        session: session({ step: 'dropping', chosen: 'kitchen', closesAt: 5 }),
      }),
    );
    expect(dropping.wasteSession).toMatchObject({ step: 'dropping', chosen: 'kitchen', closesAt: 5 });
    // A late card.seen does not pull the resident off the session.
    expect(kioskReducer(dropping, agent({ type: 'card.seen', card })).screen).toBe('waste');
  });

  it('keeps the settings open while the step is unchanged, and returns to the session from them', () => {
    const inSettings = apply([
      agent({ type: 'waste.session', session: session() }),
      { type: 'settings.open' },
    ]);
    const update = kioskReducer(
      inSettings,
      agent({ type: 'waste.session', session: session({ household: 'H-***02' }) }),
    );
    expect(update.screen).toBe('settings');
    expect(kioskReducer(update, { type: 'settings.close' }).screen).toBe('waste');
    const moved = kioskReducer(
      update,
      agent({ type: 'waste.session', session: session({ step: 'opening' }) }),
    );
    expect(moved.screen).toBe('waste');
  });

  it('"再投一次" shows the tiles while the agent stays in the same result', () => {
    const result = apply([
      agent({ type: 'waste.session', session: session({ step: 'result', drops: [DROP] }) }),
    ]);
    const again = kioskReducer(result, { type: 'waste.again' });
    expect(again.chooseAgain).toBe(true);
    expect(kioskReducer(again, { type: 'waste.again.cancel' }).chooseAgain).toBe(false);
    // A balance update of the same result keeps it; the next step ends it.
    const synced = session({
      step: 'result',
      drops: [{ ...DROP, balance: { confirmed: 520, pending: 0, shown: 520 } }],
    });
    expect(kioskReducer(again, agent({ type: 'waste.session', session: synced })).chooseAgain).toBe(true);
    const weighing = session({ step: 'weighing-before', chosen: 'kitchen', drops: [DROP] });
    expect(kioskReducer(again, agent({ type: 'waste.session', session: weighing })).chooseAgain).toBe(false);
    // Only a result can be left for the tiles.
    expect(
      kioskReducer(apply([agent({ type: 'waste.session', session: session() })]), { type: 'waste.again' })
        .chooseAgain,
    ).toBe(false);
  });

  it('wipes the resident when the agent ends the session, keeping the station', () => {
    const used = apply([
      agent({ type: 'hello', station: 'ST-W', version: '0.1.0' }),
      agent({ type: 'station', station: station() }),
      agent({ type: 'card.seen', card }),
      agent({ type: 'waste.session', session: session({ step: 'result', drops: [DROP] }) }),
      { type: 'waste.again' },
      { type: 'preferences', patch: { language: 'en', elderly: true } },
    ]);
    const ended = kioskReducer(used, agent({ type: 'waste.session', session: null }));
    expect(ended.screen).toBe('attract');
    expect(ended.wasteSession).toBeNull();
    expect(ended.chooseAgain).toBe(false);
    expect(ended.card).toBeNull();
    expect(ended.preferences).toEqual(INITIAL_STATE.preferences);
    expect(ended.sessionEpoch).toBe(1);
    expect(ended.stationView).toEqual(used.stationView);
    expect(JSON.stringify(ended)).not.toContain('H-***01');
    expect(JSON.stringify(ended)).not.toContain(DROP.dropId);
    expect(isSessionActive(ended)).toBe(false);
  });

  it('ignores a null session when there was none (the agent greeting a fresh page)', () => {
    const onCard = apply([agent({ type: 'card.seen', card })]);
    expect(kioskReducer(onCard, agent({ type: 'waste.session', session: null }))).toBe(onCard);
  });

  it('the idle wipe clears the waste session too', () => {
    const used = apply([
      agent({ type: 'station', station: station({ notice: { code: 'unbound-card' } }) }),
      agent({ type: 'waste.session', session: session({ step: 'result', drops: [DROP] }) }),
      { type: 'waste.again' },
    ]);
    const wiped = kioskReducer(used, { type: 'session.wipe' });
    expect(wiped).toMatchObject({
      screen: 'attract',
      wasteSession: null,
      chooseAgain: false,
      stationNotice: null,
    });
    expect(wiped.stationView).toEqual(used.stationView);
    expect(JSON.stringify(wiped)).not.toContain(DROP.dropId);
  });
});
