import { useTranslation } from 'react-i18next';
import type { WasteSessionView } from '@yaofang/shared/waste-session';
import { CategoryChip } from '../../components/category-chip.tsx';
import { WasteNoticeBox } from '../../components/waste-notice.tsx';
import { formatKg } from '../../waste/format.ts';

export type ProgressStep = 'weighing-before' | 'opening' | 'closing' | 'weighing-after';

/** The machine is working (weighing, opening, closing): say what, and show the live weight if there is one. */
export function ProgressScreen(props: { session: WasteSessionView; step: ProgressStep }) {
  const { t } = useTranslation();
  const { session } = props;
  return (
    <section
      className="screen-body waste-progress"
      data-testid="waste-progress"
      data-step={props.step}
      aria-busy="true"
    >
      <CategoryChip category={session.chosen} />
      <div className="spinner" aria-hidden="true" />
      <h1 aria-live="polite">{t(`waste.progress.${props.step}`)}</h1>
      <p className="sub">{t('waste.progress.hint')}</p>
      {session.liveGrams !== null && (
        <p className="live-weight">
          <span>{t('waste.progress.liveWeight')}</span>
          <strong data-testid="live-weight">{t('waste.kg', { weight: formatKg(session.liveGrams) })}</strong>
        </p>
      )}
      {session.notice && <WasteNoticeBox notice={session.notice} />}
    </section>
  );
}
