import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianStatus } from '@yaofang/shared/technician';
import { localDateTime } from '../../technician/technician-text.ts';
import { Fact, Facts } from './tech-parts.tsx';

/** The outbox and the link to the central platform: backlog, last ack, the broker's state. */
export function UplinkPage(props: { uplink: TechnicianStatus['uplink'] }) {
  const { t } = useTranslation();
  const { uplink } = props;
  return (
    <div className="tech-page">
      <Facts>
        <Fact
          label={t('technician.uplink.broker')}
          testId="tech-uplink-broker"
          data={{ 'data-connected': String(uplink.connected) }}
        >
          <span className={`tech-state tech-state-${uplink.connected ? 'connected' : 'disconnected'}`}>
            {t(uplink.connected ? 'technician.uplink.connected' : 'technician.uplink.disconnected')}
          </span>{' '}
          <span className="tech-mono" translate="no" data-testid="tech-uplink-broker-url">
            {uplink.broker}
          </span>
        </Fact>
        <Fact
          label={t('technician.uplink.backlog')}
          testId="tech-uplink-backlog"
          data={{ 'data-backlog': String(uplink.backlog) }}
        >
          {uplink.backlog}
        </Fact>
        <Fact
          label={t('technician.uplink.lastAck')}
          testId="tech-uplink-last-ack"
          data={{ 'data-seq': uplink.lastAckSeq === null ? '' : String(uplink.lastAckSeq) }}
        >
          {uplink.lastAckSeq === null
            ? t('technician.uplink.noAck')
            : t('technician.uplink.lastAckValue', {
                seq: uplink.lastAckSeq,
                time: uplink.lastAckAt === null ? '—' : localDateTime(uplink.lastAckAt, true),
              })}
        </Fact>
        <Fact label={t('technician.uplink.lastSeq')} testId="tech-uplink-last-seq">
          {uplink.lastSeq}
        </Fact>
        <Fact label={t('technician.uplink.lastError')} testId="tech-uplink-last-error">
          {uplink.lastError === null ? (
            t('technician.uplink.noError')
          ) : (
            <span translate="no">{uplink.lastError}</span>
          )}
        </Fact>
      </Facts>
    </div>
  );
}

/** Where the logs may go (mounted USB sticks first); a tap exports to that folder. */
export function LogsPage(props: {
  targets: TechnicianStatus['exportTargets'];
  onExport: (path: string) => void;
}) {
  const { t } = useTranslation();
  if (props.targets.length === 0)
    return (
      <p className="tech-empty" data-testid="tech-export-none">
        {t('technician.logs.empty')}
      </p>
    );
  return (
    <div className="tech-page">
      <p className="sub">{t('technician.logs.hint')}</p>
      <div className="tech-targets" role="group" aria-label={t('technician.logs.targetsLabel')}>
        {props.targets.map((target, index) => (
          <button
            key={target.path}
            type="button"
            className="tech-target"
            data-testid={`tech-export-target-${index}`}
            data-path={target.path}
            onClick={() => props.onExport(target.path)}
          >
            <span className="tech-target-label" translate="no">
              {target.label}
            </span>
            <span className="tech-mono tech-muted" translate="no">
              {target.path}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}

const RESTARTS = ['agent', 'kiosk'] as const;
type Restart = (typeof RESTARTS)[number];

/** Restart the agent or the kiosk, each behind a second tap that says what it will do. */
export function SystemPage(props: { onRestart: (what: Restart) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState<Restart | null>(null);
  if (confirming)
    return (
      <div className="tech-page tech-confirm" data-testid="tech-restart-confirming" data-what={confirming}>
        <p className="tech-confirm-question">
          {t(confirming === 'agent' ? 'technician.system.confirmAgent' : 'technician.system.confirmKiosk')}
        </p>
        <p className="sub">{t('technician.system.hint')}</p>
        <div className="actions">
          <button
            type="button"
            className="primary big"
            data-testid="tech-restart-confirm"
            onClick={() => {
              setConfirming(null);
              props.onRestart(confirming);
            }}
          >
            {t('technician.system.confirm')}
          </button>
          <button
            type="button"
            className="secondary big"
            data-testid="tech-restart-cancel"
            onClick={() => setConfirming(null)}
          >
            {t('technician.system.cancel')}
          </button>
        </div>
      </div>
    );
  return (
    <div className="tech-page">
      <p className="sub">{t('technician.system.hint')}</p>
      <div className="actions">
        {RESTARTS.map((what) => (
          <button
            key={what}
            type="button"
            className="secondary big"
            data-testid={`tech-restart-${what}`}
            onClick={() => setConfirming(what)}
          >
            {t(what === 'agent' ? 'technician.system.restartAgent' : 'technician.system.restartKiosk')}
          </button>
        ))}
      </div>
    </div>
  );
}
