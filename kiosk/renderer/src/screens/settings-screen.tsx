import { useTranslation } from 'react-i18next';
import type { Preferences } from '../state/kiosk-state.ts';

type Toggle = 'elderly' | 'highContrast' | 'voice';
const TOGGLES: Toggle[] = ['elderly', 'highContrast', 'voice'];

/** Display and voice preferences for this resident's visit (reset when the session ends). */
export function SettingsScreen(props: {
  preferences: Preferences;
  onChange: (patch: Partial<Preferences>) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="screen-body settings" data-testid="settings">
      <h1>{t('settings.title')}</h1>
      <ul className="settings-list">
        {TOGGLES.map((toggle) => {
          const on = props.preferences[toggle];
          return (
            <li key={toggle}>
              <div className="setting-text">
                <span className="setting-name" id={`setting-${toggle}`}>
                  {t(`settings.${toggle}`)}
                </span>
                <span className="setting-hint">{t(`settings.${toggle}Hint`)}</span>
              </div>
              <button
                type="button"
                role="switch"
                aria-checked={on}
                aria-labelledby={`setting-${toggle}`}
                className={`switch ${on ? 'switch-on' : ''}`}
                data-testid={`setting-${toggle}`}
                onClick={() => props.onChange({ [toggle]: !on })}
              >
                {on ? t('settings.on') : t('settings.off')}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="secondary big" data-testid="settings-back" onClick={props.onBack}>
        {t('settings.back')}
      </button>
    </section>
  );
}
