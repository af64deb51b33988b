import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/i18n.ts';
import { LanguageSwitch } from './language-switch.tsx';

export function TopBar(props: {
  station: string;
  language: Language;
  onLanguage: (language: Language) => void;
}) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <div className="topbar-title">
        <span className="brand">{t('app.brand')}</span>
        {props.station && (
          <span className="station" data-testid="station">
            {t('app.station', { station: props.station })}
          </span>
        )}
      </div>
      <LanguageSwitch language={props.language} onChange={props.onLanguage} />
    </header>
  );
}
