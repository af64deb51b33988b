import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import { SERVICE_TYPES, type ServiceType } from '@yaofang/shared/timebank';
import { elapsedMinutes, type HallService } from '../../hall/hall-text.ts';
import { useNow } from '../../waste/use-now.ts';
import { BalanceFigure, HallFrame } from './hall-frame.tsx';
import { MinutesKeypad } from './minutes-keypad.tsx';

export interface TimebankIntents {
  onServiceStart: (serviceType: ServiceType) => void;
  onServiceEnd: () => void;
  onWithdraw: (minutes: number, serviceType: ServiceType) => void;
  onDonate: (minutes: number) => void;
  onFamilyLoad: () => void;
  onTransfer: (toKey: string, minutes: number) => void;
  onMinutes: () => void;
  onHome: () => void;
}

type View =
  | { view: 'menu' }
  | { view: 'record' }
  | { view: 'withdraw-type' }
  | { view: 'withdraw'; serviceType: ServiceType }
  | { view: 'donate' }
  | { view: 'transfer' }
  | { view: 'transfer-minutes'; toKey: string; label: string };

/**
 * 时间银行: record a volunteer service (both people tap at the start and the
 * end), withdraw minutes for a service, donate them, transfer them to family;
 * the recent operations with the central's answer.
 */
export function TimebankScreen(props: TimebankIntents & { session: HallSessionView }) {
  const { t } = useTranslation();
  const { session } = props;
  const [view, setView] = useState<View>({ view: 'menu' });
  const menu = () => setView({ view: 'menu' });
  const service = session.service;
  const serviceActive = service !== null && service.state !== 'submitted';

  const menuTiles = [
    {
      testId: 'tb-record',
      name: t('hall.timebank.record'),
      state: t('hall.timebank.recordTile'),
      open: () => setView({ view: 'record' }),
    },
    {
      testId: 'tb-withdraw',
      name: t('hall.timebank.withdraw'),
      state: t('hall.timebank.withdrawTile'),
      open: () => setView({ view: 'withdraw-type' }),
    },
    {
      testId: 'tb-donate',
      name: t('hall.timebank.donate'),
      state: t('hall.timebank.donateTile'),
      open: () => setView({ view: 'donate' }),
    },
    {
      testId: 'tb-transfer',
      name: t('hall.timebank.transfer'),
      state: t('hall.timebank.transferTile'),
      open: () => {
        props.onFamilyLoad();
        setView({ view: 'transfer' });
      },
    },
  ];
  let body;
  if (serviceActive) body = <ServicePanel service={service} onEnd={props.onServiceEnd} />;
  else if (view.view === 'record' || view.view === 'withdraw-type')
    body = (
      <div className="hall-choose">
        <p className="sub">
          {t(view.view === 'record' ? 'hall.timebank.recordHint' : 'hall.timebank.withdrawHint')}
        </p>
        <div className="hall-grid" role="group" aria-label={t('hall.timebank.serviceTypeLabel')}>
          {SERVICE_TYPES.map((type) => (
            <button
              key={type}
              type="button"
              className="hall-tile"
              data-testid={`service-${type}`}
              onClick={() => {
                if (view.view === 'record') {
                  props.onServiceStart(type);
                  menu();
                } else setView({ view: 'withdraw', serviceType: type });
              }}
            >
              <span className="tile-name">{t(`hall.serviceTypes.${type}`)}</span>
            </button>
          ))}
        </div>
        <button type="button" className="secondary big" data-testid="timebank-back" onClick={menu}>
          {t('hall.timebank.cancel')}
        </button>
      </div>
    );
  else if (view.view === 'withdraw')
    body = (
      <MinutesKeypad
        label={t('hall.timebank.withdrawMinutes', { service: t(`hall.serviceTypes.${view.serviceType}`) })}
        onMinutes={(minutes) => {
          props.onWithdraw(minutes, view.serviceType);
          menu();
        }}
        onCancel={menu}
      />
    );
  else if (view.view === 'donate')
    body = (
      <MinutesKeypad
        label={t('hall.timebank.donateMinutes')}
        onMinutes={(minutes) => {
          props.onDonate(minutes);
          menu();
        }}
        onCancel={menu}
      />
    );
  else if (view.view === 'transfer')
    body = (
      <div className="hall-choose" data-testid="family">
        <p className="sub">{t('hall.timebank.familyHint')}</p>
        {session.family === null ? (
          <p className="sub" data-testid="family-loading">
            {t('hall.timebank.familyLoading')}
          </p>
        ) : session.family.length === 0 ? (
          <p className="hall-info" data-testid="family-empty">
            {t('hall.timebank.familyEmpty')}
          </p>
        ) : (
          <div className="hall-grid" role="group" aria-label={t('hall.timebank.familyLabel')}>
            {session.family.map((member) => (
              <button
                key={member.residentKey}
                type="button"
                className="hall-tile"
                data-testid={`family-${member.residentKey.slice(0, 8)}`}
                onClick={() =>
                  setView({ view: 'transfer-minutes', toKey: member.residentKey, label: member.label })
                }
              >
                <span className="tile-name">{member.label}</span>
              </button>
            ))}
          </div>
        )}
        <button type="button" className="secondary big" data-testid="timebank-back" onClick={menu}>
          {t('hall.timebank.cancel')}
        </button>
      </div>
    );
  else if (view.view === 'transfer-minutes')
    body = (
      <MinutesKeypad
        label={t('hall.timebank.transferMinutes', { name: view.label })}
        onMinutes={(minutes) => {
          props.onTransfer(view.toKey, minutes);
          menu();
        }}
        onCancel={menu}
      />
    );
  else
    body = (
      <>
        {service?.state === 'submitted' && (
          <p className="hall-info" role="status" data-testid="service-submitted">
            {t('hall.service.submitted', { minutes: service.minutes ?? 0 })}
          </p>
        )}
        <div className="hall-grid" role="group" aria-label={t('hall.timebank.label')}>
          {menuTiles.map((tile) => (
            <button
              key={tile.testId}
              type="button"
              className="hall-tile"
              data-testid={tile.testId}
              onClick={tile.open}
            >
              <span className="tile-name">{tile.name}</span>
              <span className="tile-state">{tile.state}</span>
            </button>
          ))}
        </div>
        <Operations session={session} />
        <div className="actions">
          <button
            type="button"
            className="secondary big"
            data-testid="tb-statement"
            onClick={props.onMinutes}
          >
            {t('hall.timebank.statement')}
          </button>
        </div>
      </>
    );

  return (
    <HallFrame page="timebank" title={t('hall.timebank.title')} session={session} onHome={props.onHome}>
      <BalanceFigure
        label={t('hall.timebank.balance')}
        unit={t('hall.units.minutes')}
        balance={session.balances.minutes}
        testId="minutes-balance"
      />
      {body}
    </HallFrame>
  );
}

/** A volunteer service under way: who must tap, the minutes so far, 结束服务. */
function ServicePanel(props: { service: HallService; onEnd: () => void }) {
  const { t } = useTranslation();
  const { service } = props;
  const now = useNow(5_000, service.state === 'in-progress');
  return (
    <div className="hall-service" data-testid="service" data-state={service.state} aria-live="polite">
      <p className="category-chip hall-chip">{t(`hall.serviceTypes.${service.serviceType}`)}</p>
      {service.state === 'waiting-recipient' && (
        <h2 data-testid="service-prompt">{t('hall.service.recipientTap')}</h2>
      )}
      {service.state === 'in-progress' && (
        <>
          <h2 data-testid="service-prompt">{t('hall.service.inProgress')}</h2>
          <p className="hall-elapsed">
            <span className="countdown" data-testid="service-elapsed">
              {elapsedMinutes(service.startedAt, now)}
            </span>
            <span className="sub">{t('hall.service.elapsed')}</span>
          </p>
          <button type="button" className="primary big" data-testid="service-end" onClick={props.onEnd}>
            {t('hall.service.end')}
          </button>
        </>
      )}
      {service.state === 'waiting-end-taps' && (
        <>
          <h2 data-testid="service-prompt">{t('hall.service.bothTap')}</h2>
          {service.minutes !== null && (
            <p className="sub" data-testid="service-minutes">
              {t('hall.service.minutes', { minutes: service.minutes })}
            </p>
          )}
          <ul className="hall-taps" data-testid="service-taps">
            {(['volunteer', 'recipient'] as const).map((side) => (
              <li key={side} data-testid={`tap-${side}`} data-tapped={service.endTaps[side]}>
                <span>{t(`hall.service.${side}`)}</span>
                <strong>{t(service.endTaps[side] ? 'hall.service.tapped' : 'hall.service.notTapped')}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function Operations(props: { session: HallSessionView }) {
  const { t } = useTranslation();
  const { operations } = props.session;
  return (
    <div className="hall-history" data-testid="operations">
      <h2>{t('hall.timebank.operations')}</h2>
      {operations.length === 0 ? (
        <p className="sub">{t('hall.timebank.noOperations')}</p>
      ) : (
        <ul className="hall-list">
          {operations.slice(0, 8).map((op) => (
            <li key={op.opId} data-testid={`op-${op.opId}`} data-status={op.status}>
              <span className="list-what">{t(`hall.opKinds.${op.kind}`)}</span>
              <span className="list-amount">{t('hall.service.minutes', { minutes: op.minutes })}</span>
              <span className={`list-status status-${op.status}`}>
                {t(`hall.opStatus.${op.status}`)}
                {op.reason ? ` · ${op.reason}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
