import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentToKiosk, KioskToAgent } from '@yaofang/shared/local-api';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import type { WasteSessionView } from '@yaofang/shared/waste-session';
import { useAgentConnection } from './agent-connection.ts';
import { bannerItems } from './components/banner-items.ts';
import { IdleDialog } from './components/idle-dialog.tsx';
import { relaunchKiosk } from './kiosk-bridge.ts';
import { StatusBanners } from './components/status-banners.tsx';
import { TopBar } from './components/top-bar.tsx';
import type { Language } from './i18n/i18n.ts';
import { useIdle } from './idle/use-idle.ts';
import { wipeBrowserStorage } from './privacy/wipe.ts';
import { AttractScreen } from './screens/attract-screen.tsx';
import { hallSpeech } from './hall/hall-text.ts';
import { CardScreen } from './screens/card-screen.tsx';
import { HallScreen } from './screens/hall/hall-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { TechnicianScreen } from './screens/technician/technician-screen.tsx';
import { WasteScreen } from './screens/waste/waste-screen.tsx';
import { speak, stopSpeaking } from './speech/speak.ts';
import {
  INITIAL_STATE,
  isSessionActive,
  kioskReducer,
  type KioskState,
  type Preferences,
} from './state/kiosk-state.ts';
import {
  DEFAULT_NOTICE_MS,
  ELDERLY_FACTOR,
  effectiveTiming,
  type TimingSettings,
} from './state/query-settings.ts';
import { noticeText, wasteSpeech } from './waste/waste-text.ts';

type EndReason = Extract<KioskToAgent, { type: 'session.end' }>['reason'];

/**
 * The kiosk UI: a view of the agent's state plus the resident's intents.
 * Screen routing is the `screen` field of the reducer's state; nothing about
 * the resident outlives the session (see endSession).
 */
export function App({ timing, noticeMs = DEFAULT_NOTICE_MS }: { timing: TimingSettings; noticeMs?: number }) {
  const { t, i18n } = useTranslation();
  const [state, dispatch] = useReducer(kioskReducer, INITIAL_STATE);
  const { preferences } = state;
  const voice = useRef(preferences);
  useEffect(() => {
    voice.current = preferences;
  }, [preferences]);

  const onMessage = useCallback(
    (message: AgentToKiosk) => {
      dispatch({ type: 'agent', message });
      if (message.type === 'kiosk.relaunch') relaunchKiosk();
      if (message.type === 'card.seen' && voice.current.voice) {
        speak(i18n.t('speech.cardSeen'), voice.current.language);
      }
    },
    [i18n],
  );
  const connection = useAgentConnection(onMessage);
  const { send } = connection;

  /** Tell the agent the session is over (a resident's, or the technician's) and forget it here at once. */
  const wipeSession = useCallback(
    (intent: Extract<KioskToAgent, { type: 'session.end' | 'tech.exit' }>) => {
      send(intent);
      stopSpeaking();
      dispatch({ type: 'session.wipe' });
      wipeStorage();
    },
    [send],
  );
  // The session on screen, so "finish" ends that one and never a newer one the agent already started.
  const shownSessionId = state.wasteSession?.sessionId ?? state.hallSession?.sessionId;
  const shownSession = useRef(shownSessionId);
  useEffect(() => {
    shownSession.current = shownSessionId;
  }, [shownSessionId]);
  const endSession = useCallback(
    (reason: EndReason) =>
      wipeSession({
        type: 'session.end',
        reason,
        ...(shownSession.current === undefined ? {} : { sessionId: shownSession.current }),
      }),
    [wipeSession],
  );
  const exitTechnician = useCallback(() => wipeSession({ type: 'tech.exit' }), [wipeSession]);

  // The agent ended the waste session (its own timeout, after "完成"): the reducer has
  // wiped the state; browser storage goes too, as after an idle wipe.
  const hadSession = useRef(false);
  const hasSession = state.wasteSession !== null || state.hallSession !== null || state.technician !== null;
  useEffect(() => {
    if (hadSession.current && !hasSession) wipeStorage();
    hadSession.current = hasSession;
  }, [hasSession]);

  // Voice: each new step of the drop, its result, and any new notice.
  const lastSpoken = useRef<WasteSessionView | null>(null);
  useEffect(() => {
    const previous = lastSpoken.current;
    lastSpoken.current = state.wasteSession;
    if (!voice.current.voice) return;
    const text = wasteSpeech(previous, state.wasteSession, i18n.getFixedT(voice.current.language));
    if (text) speak(text, voice.current.language);
  }, [state.wasteSession, i18n]);

  // Voice in the hall: a welcome, each notice, the steps of a volunteer service, a queue number.
  const lastHall = useRef<HallSessionView | null>(null);
  useEffect(() => {
    const previous = lastHall.current;
    lastHall.current = state.hallSession;
    if (!voice.current.voice) return;
    const text = hallSpeech(previous, state.hallSession, i18n.getFixedT(voice.current.language));
    if (text) speak(text, voice.current.language);
  }, [state.hallSession, i18n]);

  // A station notice (unbound card, technician card, alarm) is said once and shown for a few seconds.
  const shownNotice = state.stationNotice;
  const noticeFor = noticeMs * (preferences.elderly ? ELDERLY_FACTOR : 1);
  useEffect(() => {
    if (!shownNotice) return;
    if (voice.current.voice)
      speak(noticeText(shownNotice.notice, i18n.getFixedT(voice.current.language)), voice.current.language);
    const timer = window.setTimeout(
      () => dispatch({ type: 'station.notice.expire', id: shownNotice.id }),
      noticeFor,
    );
    return () => window.clearTimeout(timer);
  }, [shownNotice, noticeFor, i18n]);

  const { idleMs, countdownMs } = effectiveTiming(timing, preferences.elderly);
  const idle = useIdle({
    armed: isSessionActive(state),
    idleMs,
    countdownMs,
    activityKey: activityKey(state),
    onExpire: () => endSession('idle'),
  });
  const countdownOpen = idle.phase.phase === 'countdown';
  useEffect(() => {
    if (countdownOpen && voice.current.voice) speak(i18n.t('speech.stillThere'), voice.current.language);
  }, [countdownOpen, i18n]);

  useEffect(() => {
    void i18n.changeLanguage(preferences.language);
    document.documentElement.lang = preferences.language;
  }, [i18n, preferences.language]);
  useEffect(() => {
    document.title = t('app.documentTitle');
  }, [t, preferences.language]);

  const setPreferences = (patch: Partial<Preferences>) => dispatch({ type: 'preferences', patch });
  const setLanguage = (language: Language) => setPreferences({ language });
  const openSettings = () => dispatch({ type: 'settings.open' });

  const classes = ['app', preferences.elderly && 'elderly', preferences.highContrast && 'high-contrast'];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      data-testid="app"
      data-screen={state.screen}
      // The language the strings on screen are in (set in the same render), for tests to wait on.
      data-lang={i18n.language}
    >
      <TopBar station={state.station} language={preferences.language} onLanguage={setLanguage} />
      <StatusBanners items={bannerItems(state, connection.state)} />
      <main className="content" key={state.sessionEpoch}>
        {state.screen === 'technician' && state.technician ? (
          <TechnicianScreen
            view={state.technician}
            page={state.technicianPage}
            onPage={(page) => dispatch({ type: 'technician.page', page })}
            send={send}
            onExit={exitTechnician}
          />
        ) : state.screen === 'settings' ? (
          <SettingsScreen
            preferences={preferences}
            onChange={setPreferences}
            onBack={() => dispatch({ type: 'settings.close' })}
          />
        ) : state.screen === 'waste' && state.wasteSession ? (
          <WasteScreen
            session={state.wasteSession}
            again={state.chooseAgain}
            station={state.station}
            onChoose={(category) => send({ type: 'waste.choose', category })}
            onDone={() => send({ type: 'waste.done' })}
            onPrint={(dropId) => send({ type: 'receipt.print', dropId })}
            onAgain={() => dispatch({ type: 'waste.again' })}
            onBack={() => dispatch({ type: 'waste.again.cancel' })}
            onFinish={() => endSession('finished')}
            onSettings={openSettings}
          />
        ) : state.screen === 'hall' && state.hallSession ? (
          <HallScreen
            session={state.hallSession}
            page={state.hallPage}
            station={state.station}
            send={send}
            onPage={(page) => dispatch({ type: 'hall.page', page })}
            onFinish={() => endSession('finished')}
            onSettings={openSettings}
          />
        ) : state.screen === 'card' && state.card ? (
          <CardScreen card={state.card} onFinish={() => endSession('finished')} onSettings={openSettings} />
        ) : (
          <AttractScreen
            station={state.stationView}
            notice={state.stationNotice?.notice ?? null}
            onSettings={openSettings}
          />
        )}
      </main>
      {idle.phase.phase === 'countdown' && (
        <IdleDialog
          secondsLeft={idle.phase.secondsLeft}
          language={preferences.language}
          onLanguage={setLanguage}
          onContinue={idle.stillHere}
        />
      )}
    </div>
  );
}

function wipeStorage(): void {
  void wipeBrowserStorage().then((failed) => {
    if (failed.length) console.warn('could not clear', failed.join(', '));
  });
}

/** A new card, a new step or a new drop, a hall page or a service tap counts as the resident being there. */
function activityKey(state: KioskState): string {
  const session = state.wasteSession;
  const hall = state.hallSession;
  return [
    state.card?.seq ?? '',
    session?.sessionId ?? '',
    session?.step ?? '',
    session?.drops.length ?? 0,
    hall?.sessionId ?? '',
    state.hallPage,
    hall?.service?.state ?? '',
    hall?.service?.endTaps.volunteer ?? '',
    hall?.service?.endTaps.recipient ?? '',
    hall?.notice?.code ?? '',
    hall?.ticket?.number ?? '',
    hall?.approvals?.state ?? '',
  ].join('|');
}
