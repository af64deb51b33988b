import { useTranslation } from 'react-i18next';
import type { CardSeen } from '@yaofang/shared/local-api';
import { SettingsButton } from '../components/settings-button.tsx';

/** A card was recognised. The business flows (waste drop, balances) will grow from here. */
export function CardScreen(props: { card: CardSeen; onFinish: () => void; onSettings: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="screen-body card-seen" data-testid="card-seen" aria-live="polite">
      <h1>{t('card.title')}</h1>
      <dl className="ref">
        <div>
          <dt>{t('card.ref')}</dt>
          <dd data-testid="card-ref">{props.card.cardRef}</dd>
        </div>
        <div>
          <dt>{t('card.seq')}</dt>
          <dd data-testid="card-seq">{props.card.seq}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="primary big" data-testid="finish" onClick={props.onFinish}>
          {t('card.finish')}
        </button>
        <SettingsButton onSettings={props.onSettings} />
      </div>
    </section>
  );
}
