import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../i18n/i18n.ts';

const LABEL_KEY = { 'zh-CN': 'language.zh', en: 'language.en' } as const;

/** 中文 / English, each name in its own language, on every screen and in the idle dialog. */
export function LanguageSwitch(props: { language: Language; onChange: (language: Language) => void }) {
  const { t } = useTranslation();
  return (
    <div className="language-switch" role="group" aria-label={t('language.label')}>
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          className="toggle"
          lang={language}
          aria-pressed={props.language === language}
          data-testid={`lang-${language}`}
          onClick={() => props.onChange(language)}
        >
          {t(LABEL_KEY[language])}
        </button>
      ))}
    </div>
  );
}
