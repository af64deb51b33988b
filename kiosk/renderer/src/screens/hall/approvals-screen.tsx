import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import { OnScreenKeyboard } from '../../components/on-screen-keyboard.tsx';
import { APPLICATION_NO, approvalStatusText } from '../../hall/hall-text.ts';
import { HallFrame } from './hall-frame.tsx';

/**
 * 审批查询: an application number on the keypad, or "我的申请". Offline, a
 * plain message and a slip to print (说明单); a late answer says so.
 */
export function ApprovalsScreen(props: {
  session: HallSessionView;
  onLookup: (applicationNo: string) => void;
  onMine: () => void;
  onSlip: () => void;
  onHome: () => void;
}) {
  const { t } = useTranslation();
  const { session } = props;
  const approvals = session.approvals;
  const [invalid, setInvalid] = useState(false);
  return (
    <HallFrame page="approvals" title={t('hall.approvals.title')} session={session} onHome={props.onHome}>
      <div className="hall-split">
        <div className="hall-keypad">
          <p className="sub">{t('hall.approvals.hint')}</p>
          {invalid && (
            <p className="waste-notice" role="alert" data-testid="approval-invalid">
              {t('hall.approvals.invalid')}
            </p>
          )}
          <OnScreenKeyboard
            label={t('hall.approvals.numberLabel')}
            mode="digits"
            maxLength={32}
            onDone={(value) => {
              const ok = APPLICATION_NO.test(value);
              setInvalid(!ok);
              if (ok) props.onLookup(value);
            }}
          />
          <button type="button" className="primary big" data-testid="approval-mine" onClick={props.onMine}>
            {t('hall.approvals.mine')}
          </button>
        </div>
        <div className="hall-history" data-testid="approvals" data-state={approvals?.state ?? 'none'}>
          <h2>{t('hall.approvals.results')}</h2>
          {approvals === null ? (
            <p className="sub">{t('hall.approvals.none')}</p>
          ) : approvals.state === 'loading' ? (
            <p className="sub" data-testid="approvals-message">
              {t('hall.approvals.loading')}
            </p>
          ) : approvals.state === 'offline' ? (
            <>
              <p className="hall-info" data-testid="approvals-message">
                {t('hall.approvals.offline')}
              </p>
              <button
                type="button"
                className="primary big"
                data-testid="approval-slip"
                onClick={props.onSlip}
              >
                {t('hall.approvals.slip')}
              </button>
            </>
          ) : approvals.state === 'late' ? (
            <p className="hall-info" data-testid="approvals-message">
              {t('hall.approvals.late')}
            </p>
          ) : approvals.state === 'not-found' ? (
            <p className="hall-info" data-testid="approvals-message">
              {t('hall.approvals.notFound')}
            </p>
          ) : approvals.items.length === 0 ? (
            <p className="sub" data-testid="approvals-message">
              {t('hall.approvals.empty')}
            </p>
          ) : (
            <ul className="hall-list" data-testid="approvals-list">
              {approvals.items.map((item) => (
                <li key={item.applicationNo} data-testid={`approval-${item.applicationNo}`}>
                  <span className="list-what">{item.title}</span>
                  <span className="list-when">
                    {t('hall.approvals.number', { number: item.applicationNo })}
                  </span>
                  <span className="list-status">{approvalStatusText(item.status, t)}</span>
                  <span className="list-when">
                    {t('hall.approvals.updated', { time: item.updatedAt.slice(0, 10) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </HallFrame>
  );
}
