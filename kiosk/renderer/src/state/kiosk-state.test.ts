import { describe, expect, it } from 'vitest';
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
