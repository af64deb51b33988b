import type { AgentToKiosk, CardSeen } from '@yaofang/shared/local-api';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/i18n.ts';

/**
 * The renderer's whole state and its one reducer. Two kinds of data live
 * here: terminal state (station, uplink, faults — survives a session) and
 * the resident's session (the card, the current screen, their display
 * preferences), which `session.wipe` returns to the initial values.
 */
export type Screen = 'attract' | 'card' | 'settings';

export interface Preferences {
  language: Language;
  /** Larger text and targets, slower timeouts. */
  elderly: boolean;
  highContrast: boolean;
  voice: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = {
  language: DEFAULT_LANGUAGE,
  elderly: false,
  highContrast: false,
  voice: true,
};

/**
 * A device problem to show on screen. Kiosk-side shape until the agent sends
 * a `devices` message (proposed in the kiosk README); `kind` and `code` are
 * keys into the catalogues, so the banner is translated.
 */
export interface DeviceFault {
  device: string;
  kind: string;
  code: string;
}

export interface KioskState {
  screen: Screen;
  /** Resident session data: cleared by `session.wipe`. */
  card: CardSeen | null;
  preferences: Preferences;
  /** Bumped by every wipe; screens are keyed by it so their local state is discarded too. */
  sessionEpoch: number;
  station: string;
  agentVersion: string;
  uplink: { connected: boolean; backlog: number } | null;
  faults: readonly DeviceFault[];
}

export const INITIAL_STATE: KioskState = {
  screen: 'attract',
  card: null,
  preferences: DEFAULT_PREFERENCES,
  sessionEpoch: 0,
  station: '',
  agentVersion: '',
  uplink: null,
  faults: [],
};

export type KioskAction =
  | { type: 'agent'; message: AgentToKiosk }
  | { type: 'settings.open' }
  | { type: 'settings.close' }
  | { type: 'preferences'; patch: Partial<Preferences> }
  | { type: 'faults'; faults: readonly DeviceFault[] }
  | { type: 'session.wipe' };

export function kioskReducer(state: KioskState, action: KioskAction): KioskState {
  switch (action.type) {
    case 'agent':
      return onAgentMessage(state, action.message);
    case 'settings.open':
      return { ...state, screen: 'settings' };
    case 'settings.close':
      return { ...state, screen: state.card ? 'card' : 'attract' };
    case 'preferences':
      return { ...state, preferences: { ...state.preferences, ...action.patch } };
    case 'faults':
      return { ...state, faults: action.faults };
    case 'session.wipe':
      return {
        ...INITIAL_STATE,
        sessionEpoch: state.sessionEpoch + 1,
        station: state.station,
        agentVersion: state.agentVersion,
        uplink: state.uplink,
        faults: state.faults,
      };
  }
}

function onAgentMessage(state: KioskState, message: AgentToKiosk): KioskState {
  switch (message.type) {
    case 'hello':
      return { ...state, station: message.station, agentVersion: message.version };
    case 'card.seen':
      return { ...state, card: message.card, screen: 'card' };
    case 'uplink':
      return { ...state, uplink: { connected: message.connected, backlog: message.backlog } };
    case 'station':
    case 'waste.session':
      // The waste screens arrive with the waste-station flow.
      return state;
  }
}

/** The idle timer runs whenever a resident may have left something behind. */
export function isSessionActive(state: KioskState): boolean {
  return (
    state.screen !== 'attract' ||
    state.card !== null ||
    !samePreferences(state.preferences, DEFAULT_PREFERENCES)
  );
}

function samePreferences(a: Preferences, b: Preferences): boolean {
  return (
    a.language === b.language &&
    a.elderly === b.elderly &&
    a.highContrast === b.highContrast &&
    a.voice === b.voice
  );
}
