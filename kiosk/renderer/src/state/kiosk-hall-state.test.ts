import { describe, expect, it } from 'vitest';
import { hallSession } from '../hall/fixtures.ts';
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
const hall = (session: ReturnType<typeof hallSession> | null): KioskAction => ({
  type: 'agent',
  message: { type: 'hall.session', session },
});

describe('kioskReducer: hall.session', () => {
  it('opens the hall home and keeps the page while the same session updates', () => {
    const state = apply([hall(hallSession()), { type: 'hall.page', page: 'timebank' }]);
    expect(state.screen).toBe('hall');
    expect(state.hallPage).toBe('timebank');
    expect(isSessionActive(state)).toBe(true);
    const updated = kioskReducer(state, hall(hallSession({ notice: { code: 'bind-pending' } })));
    expect(updated.hallPage).toBe('timebank');
    expect(updated.hallSession?.notice?.code).toBe('bind-pending');
    // A new session starts at home.
    expect(kioskReducer(updated, hall(hallSession({ sessionId: 'other' }))).hallPage).toBe('home');
  });

  it('stays in the settings for the same session and returns to the hall', () => {
    const state = apply([hall(hallSession()), { type: 'settings.open' }, hall(hallSession())]);
    expect(state.screen).toBe('settings');
    expect(kioskReducer(state, { type: 'settings.close' }).screen).toBe('hall');
  });

  it('a card tap during a hall session keeps the hall screen', () => {
    const card = { cardRef: 'a1b2c3d4', reader: 'r', seq: 1, at: '2025-01-01T00:00:00Z' };
    const state = apply([hall(hallSession()), { type: 'agent', message: { type: 'card.seen', card } }]);
    expect(state.screen).toBe('hall');
  });

  it('null wipes the resident, and a page without a session is ignored', () => {
    const state = apply([
      { type: 'agent', message: { type: 'hello', station: 'HALL-1', version: '1' } },
      hall(hallSession()),
      { type: 'preferences', patch: { language: 'en' } },
      hall(null),
    ]);
    expect(state.screen).toBe('attract');
    expect(state.hallSession).toBeNull();
    expect(state.hallPage).toBe('home');
    expect(state.preferences.language).toBe('zh-CN');
    expect(state.station).toBe('HALL-1');
    expect(state.sessionEpoch).toBe(1);
    expect(kioskReducer(state, { type: 'hall.page', page: 'queue' })).toBe(state);
    expect(kioskReducer(state, hall(null))).toBe(state);
  });
});
