import { useTranslation } from 'react-i18next';
import type { WasteSessionView } from '@yaofang/shared/waste-session';
import { CategoryChip } from '../../components/category-chip.tsx';
import { WasteNoticeBox } from '../../components/waste-notice.tsx';
import { formatKg, secondsUntil } from '../../waste/format.ts';
import { useNow } from '../../waste/use-now.ts';

/** "请投放": the lid is open; a big countdown to the automatic close, and 完成 to close it now. */
export function DropScreen(props: { session: WasteSessionView; onDone: () => void }) {
  const { t } = useTranslation();
  const { session } = props;
  const now = useNow(250, session.closesAt !== null);
  return (
    <section className="screen-body waste-drop" data-testid="waste-drop">
      <CategoryChip category={session.chosen} />
      <h1>{t('waste.drop.title')}</h1>
      {session.closesAt !== null && (
        <div className="drop-countdown" role="timer" aria-label={t('waste.drop.countdownLabel')}>
          <span className="countdown" data-testid="drop-countdown">
            {secondsUntil(session.closesAt, now)}
          </span>
          <span className="sub">{t('waste.drop.seconds')}</span>
        </div>
      )}
      {session.liveGrams !== null && (
        <p className="live-weight">
          <span>{t('waste.progress.liveWeight')}</span>
          <strong data-testid="live-weight">{t('waste.kg', { weight: formatKg(session.liveGrams) })}</strong>
        </p>
      )}
      {session.notice && <WasteNoticeBox notice={session.notice} />}
      <p className="sub">{t('waste.drop.hint')}</p>
      <button
        type="button"
        className="primary big done-button"
        data-testid="waste-done"
        onClick={props.onDone}
      >
        {t('waste.drop.done')}
      </button>
    </section>
  );
}
