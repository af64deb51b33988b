import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import { hallNoticeText } from '../../hall/hall-text.ts';

/** The agent's notice for the hall (a refusal, a binding answer, cached data). */
export function HallNoticeBox(props: { notice: NonNullable<HallSessionView['notice']> }) {
  const { t } = useTranslation();
  return (
    <p className="waste-notice" role="alert" data-testid="hall-notice" data-code={props.notice.code}>
      {hallNoticeText(props.notice, t)}
    </p>
  );
}

/** A hall page: its title, the agent's notice, the content, and the way back to the hall home. */
export function HallFrame(props: {
  page: string;
  title: string;
  session: HallSessionView;
  onHome: () => void;
  children: ReactNode;
  /** The page's own buttons, in one row with the way home. */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="screen-body hall-page" data-testid={`hall-${props.page}`}>
      <h1>{props.title}</h1>
      {props.session.notice && <HallNoticeBox notice={props.session.notice} />}
      {props.children}
      <div className="actions">
        {props.actions}
        <button type="button" className="secondary big" data-testid="hall-home" onClick={props.onHome}>
          {t('hall.home.back')}
        </button>
      </div>
    </section>
  );
}

/** A balance with 待同步 when part of it is not confirmed yet. */
export function BalanceFigure(props: {
  label: string;
  unit: string;
  balance: HallSessionView['balances']['points'];
  testId: string;
}) {
  const { t } = useTranslation();
  const { balance } = props;
  return (
    <div className="hall-balance" data-testid={props.testId}>
      <span className="hall-balance-label">{props.label}</span>
      <span className="hall-balance-value">
        <strong data-testid={`${props.testId}-shown`}>{balance.shown}</strong> {props.unit}
      </span>
      {balance.pending !== 0 && (
        <span className="pending" data-testid={`${props.testId}-pending`}>
          {t('hall.balance.pending', {
            pending: balance.pending > 0 ? `+${balance.pending}` : balance.pending,
          })}
        </span>
      )}
    </div>
  );
}
