import { useTranslation } from 'react-i18next';
import type { DropResult, WasteSessionView } from '@yaofang/shared/waste-session';
import { CategoryChip } from '../../components/category-chip.tsx';
import { ReceiptPreview } from '../../components/receipt-preview.tsx';
import { WasteNoticeBox } from '../../components/waste-notice.tsx';
import { formatKg, formatSigned } from '../../waste/format.ts';
import { outcomeText } from '../../waste/waste-text.ts';

/** Weight and points of the last drop, the balance (待同步 when not yet confirmed), and what next. */
export function ResultScreen(props: {
  session: WasteSessionView;
  drop: DropResult;
  station: string;
  onAgain: () => void;
  onPrint: (dropId: string) => void;
  onFinish: () => void;
}) {
  const { t } = useTranslation();
  const { drop, session } = props;
  const outcome = outcomeText(drop.outcome, t);
  // The agent's notice often repeats the outcome; say it once.
  const notice = session.notice && session.notice.code !== drop.outcome ? session.notice : null;
  return (
    <section className="screen-body waste-result" data-testid="waste-result" data-outcome={drop.outcome}>
      <CategoryChip category={drop.category} />
      <h1>{t('waste.result.title')}</h1>
      <div className="result-main">
        <div className="result-summary">
          <dl className="result-stats">
            <div className="stat stat-weight">
              <dt>{t('waste.result.weight')}</dt>
              <dd data-testid="result-weight">{t('waste.kg', { weight: formatKg(drop.netGrams) })}</dd>
            </div>
            <div className="stat">
              <dt>{t('waste.result.points')}</dt>
              <dd data-testid="result-points">{drop.points}</dd>
            </div>
            <div className="stat">
              <dt>{t('waste.result.today')}</dt>
              <dd data-testid="result-today">{drop.todayPoints}</dd>
            </div>
            <div className="stat">
              <dt>{t('waste.result.balance')}</dt>
              <dd data-testid="result-balance">
                {drop.balance.shown}
                {drop.balance.pending !== 0 && (
                  <span className="pending" data-testid="result-pending">
                    {t('waste.result.pending', { pending: formatSigned(drop.balance.pending) })}
                  </span>
                )}
              </dd>
            </div>
          </dl>
          {outcome && (
            <p className="waste-notice" role="alert" data-testid="result-outcome">
              {outcome}
            </p>
          )}
          {notice && <WasteNoticeBox notice={notice} />}
          {drop.recovered && (
            <p className="sub" data-testid="result-recovered">
              {t('waste.result.recovered')}
            </p>
          )}
        </div>
        <ReceiptPreview key={drop.dropId} drop={drop} station={props.station} household={session.household} />
      </div>
      <div className="actions">
        <button type="button" className="secondary big" data-testid="waste-again" onClick={props.onAgain}>
          {t('waste.result.again')}
        </button>
        <button
          type="button"
          className="secondary big"
          data-testid="receipt-print"
          onClick={() => props.onPrint(drop.dropId)}
        >
          {t('waste.result.print')}
        </button>
        <button type="button" className="primary big" data-testid="waste-finish" onClick={props.onFinish}>
          {t('waste.result.finish')}
        </button>
      </div>
    </section>
  );
}
