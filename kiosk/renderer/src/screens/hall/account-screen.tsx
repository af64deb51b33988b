import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import { kindText } from '../../hall/hall-text.ts';
import { BalanceFigure, HallFrame } from './hall-frame.tsx';

export type Account = 'points' | 'minutes';

/** What happened to the last A4 print: sent, failed, or not possible here (browser mode). */
export type A4State = 'idle' | 'printing' | 'sent' | 'failed' | 'unavailable';

/**
 * 我的积分 / 我的时长: the balance (待同步 when part is not confirmed), the
 * history (from the central, or flagged as cached/stale), and the two ways
 * to print a statement: a receipt by the agent, A4 by the terminal.
 */
export function AccountScreen(props: {
  session: HallSessionView;
  account: Account;
  onLoad: () => void;
  onPrintReceipt: () => void;
  /** Prints the A4 statement; resolves to what happened. */
  onPrintA4: () => Promise<Exclude<A4State, 'idle' | 'printing'>>;
  onHome: () => void;
}) {
  const { t } = useTranslation();
  const { session, account } = props;
  const history = session.history;
  const entries = history?.entries.filter((entry) => entry.account === account) ?? null;
  const unit = t(`hall.units.${account}`);
  const [a4, setA4] = useState<A4State>('idle');
  const printA4 = () => {
    setA4('printing');
    void props.onPrintA4().then(setA4);
  };
  return (
    <HallFrame
      page={account}
      title={t(`hall.account.title.${account}`)}
      session={session}
      onHome={props.onHome}
      actions={
        <>
          <button type="button" className="secondary big" data-testid="history-reload" onClick={props.onLoad}>
            {t('hall.account.reload')}
          </button>
          <button
            type="button"
            className="secondary big"
            data-testid="print-receipt"
            onClick={props.onPrintReceipt}
          >
            {t('hall.account.printReceipt')}
          </button>
          <button
            type="button"
            className="primary big"
            data-testid="print-a4"
            disabled={a4 === 'printing' || entries === null}
            onClick={printA4}
          >
            {t('hall.account.printA4')}
          </button>
        </>
      }
    >
      <BalanceFigure
        label={t('hall.balance.label')}
        unit={unit}
        balance={session.balances[account]}
        testId="account-balance"
      />
      <div className="hall-history" data-testid="history">
        <h2>{t('hall.account.history')}</h2>
        {history && (history.source !== 'central' || history.stale) && (
          <p className="hall-info hall-flags">
            {history.source !== 'central' && (
              <span data-testid="history-source" data-source={history.source}>
                {t(`hall.account.source.${history.source}`)}
              </span>
            )}
            {history.stale && <span data-testid="history-stale">{t('hall.account.stale')}</span>}
          </p>
        )}
        {entries === null ? (
          <p className="sub" data-testid="history-loading">
            {t('hall.account.loading')}
          </p>
        ) : entries.length === 0 ? (
          <p className="sub" data-testid="history-empty">
            {t('hall.account.empty')}
          </p>
        ) : (
          <ul className="hall-list" data-testid="history-list">
            {entries.slice(0, 20).map((entry, index) => (
              <li key={`${entry.at}-${index}`} data-status={entry.status}>
                <span className="list-when">{entry.at.slice(0, 16).replace('T', ' ')}</span>
                <span className="list-what">{kindText(entry.kind, t)}</span>
                <span className="list-amount">
                  {entry.amount > 0 ? `+${entry.amount}` : entry.amount} {unit}
                </span>
                <span className={`list-status status-${entry.status}`}>
                  {t(`hall.status.${entry.status}`)}
                  {entry.reason ? ` · ${entry.reason}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {a4 !== 'idle' && (
        <p className="hall-info" role="status" data-testid="a4-status" data-state={a4}>
          {t(`hall.account.a4.${a4}`)}
        </p>
      )}
    </HallFrame>
  );
}
