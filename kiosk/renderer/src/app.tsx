import { useCallback, useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentToKiosk, KioskToAgent } from '@yaofang/shared/local-api';
import { useAgentConnection } from './agent-connection.ts';
import { bannerItems } from './components/banner-items.ts';
import { IdleDialog } from './components/idle-dialog.tsx';
import { StatusBanners } from './components/status-banners.tsx';
import { TopBar } from './components/top-bar.tsx';
import type { Language } from './i18n/i18n.ts';
import { useIdle } from './idle/use-idle.ts';
import { wipeBrowserStorage } from './privacy/wipe.ts';
import { AttractScreen } from './screens/attract-screen.tsx';
import { CardScreen } from './screens/card-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { speak, stopSpeaking } from './speech/speak.ts';
import { INITIAL_STATE, isSessionActive, kioskReducer, type Preferences } from './state/kiosk-state.ts';
import { effectiveTiming, type TimingSettings } from './state/query-settings.ts';

type EndReason = Extract<KioskToAgent, { type: 'session.end' }>['reason'];

/**
 * The kiosk UI: a view of the agent's state plus the resident's intents.
 * Screen routing is the `screen` field of the reducer's state; nothing about
 * the resident outlives the session (see endSession).
 */
export function App({ timing }: { timing: TimingSettings }) {
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
      if (message.type === 'card.seen' && voice.current.voice) {
        speak(i18n.t('speech.cardSeen'), voice.current.language);
      }
    },
    [i18n],
  );
  const connection = useAgentConnection(onMessage);
  const { send } = connection;

  const endSession = useCallback(
    (reason: EndReason) => {
      send({ type: 'session.end', reason });
      stopSpeaking();
      dispatch({ type: 'session.wipe' });
      void wipeBrowserStorage().then((failed) => {
        if (failed.length) console.warn('could not clear', failed.join(', '));
      });
    },
    [send],
  );

  const { idleMs, countdownMs } = effectiveTiming(timing, preferences.elderly);
  const idle = useIdle({
    armed: isSessionActive(state),
    idleMs,
    countdownMs,
    activityKey: state.card?.seq,
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
        {state.screen === 'settings' ? (
          <SettingsScreen
            preferences={preferences}
            onChange={setPreferences}
            onBack={() => dispatch({ type: 'settings.close' })}
          />
        ) : state.screen === 'card' && state.card ? (
          <CardScreen card={state.card} onFinish={() => endSession('finished')} onSettings={openSettings} />
        ) : (
          <AttractScreen onSettings={openSettings} />
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
