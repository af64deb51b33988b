import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/i18n.ts';
import { LanguageSwitch } from './language-switch.tsx';

/** "Still there?" with a visible countdown; only "continue" keeps the session. */
export function IdleDialog(props: {
  secondsLeft: number;
  language: Language;
  onLanguage: (language: Language) => void;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  const continueButton = useRef<HTMLButtonElement>(null);
  useEffect(() => continueButton.current?.focus(), []);
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-body"
        data-testid="idle-dialog"
      >
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-body" className="dialog-body" aria-live="polite">
          {t('idle.body', { seconds: props.secondsLeft })}
        </p>
        <p className="countdown" data-testid="idle-countdown" aria-hidden="true">
          {props.secondsLeft}
        </p>
        <button
          ref={continueButton}
          type="button"
          className="primary big"
          data-testid="idle-continue"
          onClick={props.onContinue}
        >
          {t('idle.continue')}
        </button>
        <LanguageSwitch language={props.language} onChange={props.onLanguage} />
      </div>
    </div>
  );
}
