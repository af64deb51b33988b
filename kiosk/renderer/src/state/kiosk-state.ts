import type { HallSessionView } from '@yaofang/shared/hall-session';
import type { AgentToKiosk, CardSeen } from '@yaofang/shared/local-api';
import type { TechnicianView } from '@yaofang/shared/technician';
import type { StationView, WasteNotice, WasteSessionView } from '@yaofang/shared/waste-session';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/i18n.ts';
import { sameNotice } from '../waste/waste-text.ts';

/**
 * The renderer's whole state and its one reducer. Two kinds of data live
 * here: terminal state (station, uplink, faults — survives a session) and
 * the session (the resident's card, the current screen, their display
 * preferences — or a technician's maintenance view), which `session.wipe`
 * returns to the initial values.
 */
export type Screen = 'attract' | 'card' | 'settings' | 'waste' | 'hall' | 'technician';

/** The pages of the self-service hall, each one tap from the hall home. */
export const HALL_PAGES = ['home', 'points', 'minutes', 'timebank', 'approvals', 'queue'] as const;
export type HallPage = (typeof HALL_PAGES)[number];

/** The technician's maintenance pages, one tab each. */
export const TECHNICIAN_PAGES = ['devices', 'printer', 'scale', 'bin', 'uplink', 'logs', 'system'] as const;
export type TechnicianPage = (typeof TECHNICIAN_PAGES)[number];

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

/** A station notice (unbound card, technician card, alarm) on the attract screen, until it expires. */
export interface ShownNotice {
  id: number;
  notice: WasteNotice;
}

export interface KioskState {
  screen: Screen;
  /** Resident session data: cleared by `session.wipe`. */
  card: CardSeen | null;
  /** The agent's waste-drop session (resident data): cleared by `session.wipe`. */
  wasteSession: WasteSessionView | null;
  /** The agent's self-service hall session (resident data): cleared by `session.wipe`. */
  hallSession: HallSessionView | null;
  /** Which hall page the resident opened (kiosk-side navigation; the agent has no say in it). */
  hallPage: HallPage;
  /**
   * Technician mode as the agent shows it (PIN pad, lockout, maintenance
   * pages); while it is set no resident data is kept. Cleared by `session.wipe`.
   */
  technician: TechnicianView | null;
  /** Which maintenance page the technician opened (kiosk-side navigation). */
  technicianPage: TechnicianPage;
  /** "再投一次" pressed on the result: category tiles again while the agent stays in `result`. */
  chooseAgain: boolean;
  /** The station notice on screen; the App expires it after a few seconds. */
  stationNotice: ShownNotice | null;
  /** Ids of station notices, so an expiry timer only removes its own notice. */
  noticeSeq: number;
  preferences: Preferences;
  /** Bumped by every wipe; screens are keyed by it so their local state is discarded too. */
  sessionEpoch: number;
  station: string;
  agentVersion: string;
  uplink: { connected: boolean; backlog: number } | null;
  faults: readonly DeviceFault[];
  /** Compartments and role of the station (terminal state, survives a session). */
  stationView: StationView | null;
}

export const INITIAL_STATE: KioskState = {
  screen: 'attract',
  card: null,
  wasteSession: null,
  hallSession: null,
  hallPage: 'home',
  technician: null,
  technicianPage: 'devices',
  chooseAgain: false,
  stationNotice: null,
  noticeSeq: 0,
  preferences: DEFAULT_PREFERENCES,
  sessionEpoch: 0,
  station: '',
  agentVersion: '',
  uplink: null,
  faults: [],
  stationView: null,
};

export type KioskAction =
  | { type: 'agent'; message: AgentToKiosk }
  | { type: 'settings.open' }
  | { type: 'settings.close' }
  | { type: 'preferences'; patch: Partial<Preferences> }
  | { type: 'faults'; faults: readonly DeviceFault[] }
  | { type: 'hall.page'; page: HallPage }
  | { type: 'technician.page'; page: TechnicianPage }
  | { type: 'waste.again' }
  | { type: 'waste.again.cancel' }
  | { type: 'station.notice.expire'; id: number }
  | { type: 'session.wipe' };

export function kioskReducer(state: KioskState, action: KioskAction): KioskState {
  switch (action.type) {
    case 'agent':
      return onAgentMessage(state, action.message);
    case 'settings.open':
      return { ...state, screen: 'settings' };
    case 'settings.close':
      return {
        ...state,
        screen: state.technician
          ? 'technician'
          : state.wasteSession
            ? 'waste'
            : state.hallSession
              ? 'hall'
              : state.card
                ? 'card'
                : 'attract',
      };
    case 'preferences':
      return { ...state, preferences: { ...state.preferences, ...action.patch } };
    case 'faults':
      return { ...state, faults: action.faults };
    case 'hall.page':
      return state.hallSession ? { ...state, hallPage: action.page, screen: 'hall' } : state;
    case 'technician.page':
      return state.technician ? { ...state, technicianPage: action.page } : state;
    case 'waste.again':
      return state.wasteSession?.step === 'result' ? { ...state, chooseAgain: true } : state;
    case 'waste.again.cancel':
      return { ...state, chooseAgain: false };
    case 'station.notice.expire':
      return state.stationNotice?.id === action.id ? { ...state, stationNotice: null } : state;
    case 'session.wipe':
      return wipe(state);
  }
}

/** Back to the attract screen with nothing of the resident left; terminal state stays. */
function wipe(state: KioskState): KioskState {
  return {
    ...INITIAL_STATE,
    sessionEpoch: state.sessionEpoch + 1,
    station: state.station,
    agentVersion: state.agentVersion,
    uplink: state.uplink,
    faults: state.faults,
    stationView: state.stationView,
    noticeSeq: state.noticeSeq,
  };
}

function onAgentMessage(state: KioskState, message: AgentToKiosk): KioskState {
  switch (message.type) {
    case 'hello':
      return { ...state, station: message.station, agentVersion: message.version };
    case 'technician':
      return message.view ? onTechnician(state, message.view) : state.technician ? wipe(state) : state;
    case 'kiosk.relaunch':
      // A side effect (Electron relaunches, a browser reloads): the App does it, the state is gone with it.
      return state;
    case 'card.seen':
    case 'waste.session':
    case 'hall.session':
      return state.technician ? state : onResidentMessage(state, message);
    case 'uplink':
      return { ...state, uplink: { connected: message.connected, backlog: message.backlog } };
    case 'station':
      return onStation(state, message.station);
  }
}

/**
 * The resident's card and sessions. The agent never opens technician mode
 * during a resident session; should one arrive all the same, it is dropped
 * (above) rather than kept beside the technician's pages.
 */
function onResidentMessage(
  state: KioskState,
  message: Extract<AgentToKiosk, { type: 'card.seen' | 'waste.session' | 'hall.session' }>,
): KioskState {
  switch (message.type) {
    case 'card.seen':
      // On a waste station or in the hall the session screen wins over the bare card screen.
      return {
        ...state,
        card: message.card,
        screen: state.wasteSession || state.hallSession ? state.screen : 'card',
      };
    case 'waste.session':
      return message.session
        ? onWasteSession(state, message.session)
        : state.wasteSession
          ? wipe(state)
          : state;
    case 'hall.session':
      return message.session
        ? onHallSession(state, message.session)
        : state.hallSession
          ? wipe(state)
          : state;
  }
}

/**
 * The station's picture: its faults feed the banners; a notice is shown when
 * it differs from the one the previous message carried, so a re-sent view
 * (a fill level changed) does not bring back a notice that has expired.
 */
function onStation(state: KioskState, station: StationView): KioskState {
  // Not over the technician's pages: a notice is for the attract screen, and voiced when shown.
  const fresh =
    station.notice !== null && !state.technician && !sameNotice(state.stationView?.notice, station.notice);
  return {
    ...state,
    stationView: station,
    faults: station.faults,
    ...(fresh && station.notice
      ? { stationNotice: { id: state.noticeSeq + 1, notice: station.notice }, noticeSeq: state.noticeSeq + 1 }
      : {}),
  };
}

/**
 * A session view replaces the last one. A resident in the settings stays
 * there while the step is unchanged (a fill level or balance update) and is
 * brought back when the flow moves on; "再投一次" lasts while the agent
 * stays in the same result.
 */
function onWasteSession(state: KioskState, session: WasteSessionView): KioskState {
  const previous = state.wasteSession;
  const sameStep = previous?.sessionId === session.sessionId && previous.step === session.step;
  const sameResult = sameStep && previous.drops.length === session.drops.length;
  return {
    ...state,
    wasteSession: session,
    screen: state.screen === 'settings' && sameStep ? 'settings' : 'waste',
    chooseAgain: state.chooseAgain && sameResult,
    stationNotice: null,
  };
}

/**
 * A hall view replaces the last one. The same session keeps the page the
 * resident is on (and the settings, if open); a new session starts at the
 * hall home.
 */
function onHallSession(state: KioskState, session: HallSessionView): KioskState {
  const same = state.hallSession?.sessionId === session.sessionId;
  return {
    ...state,
    hallSession: session,
    hallPage: same ? state.hallPage : 'home',
    screen: state.screen === 'settings' && same ? 'settings' : 'hall',
    stationNotice: null,
  };
}

/**
 * Technician mode starts from a clean slate: whatever a resident left (a
 * card, a session — the agent should have ended it) goes, as after a
 * session; the display preferences stay for the technician. Later views
 * replace the last one and keep the page the technician is on.
 */
function onTechnician(state: KioskState, view: TechnicianView): KioskState {
  const from = state.technician ? state : { ...wipe(state), preferences: state.preferences };
  return { ...from, technician: view, screen: 'technician' };
}

/**
 * The kiosk's idle timer runs whenever a resident may have left something
 * behind. Technician mode is timed by the agent (its own limits, and an
 * audited logout), so 60 s here does not cut off a technician who is
 * watching the scale or waiting for an export.
 */
export function isSessionActive(state: KioskState): boolean {
  if (state.technician) return false;
  return (
    state.screen !== 'attract' ||
    state.card !== null ||
    state.wasteSession !== null ||
    state.hallSession !== null ||
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
