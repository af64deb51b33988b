import { useTranslation } from 'react-i18next';

/** "Display settings" (language, larger text, contrast, voice): on the attract screen and every resident screen. */
export function SettingsButton(props: { onSettings: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="secondary big" data-testid="open-settings" onClick={props.onSettings}>
      {t('attract.settings')}
    </button>
  );
}
