import { useTranslation } from 'react-i18next';
import type { TechnicianResult, TechnicianView } from '@yaofang/shared/technician';
import type { TechnicianPage } from '../../state/kiosk-state.ts';
import { resultText } from '../../technician/technician-text.ts';
import { MaintenancePages } from './maintenance-pages.tsx';
import { LockedPanel, PinPanel } from './pin-panel.tsx';
import type { TechnicianIntent } from './tech-parts.tsx';

/**
 * Technician mode, as the agent shows it: the PIN pad, the lockout, or the
 * maintenance pages. The outcome of the last attempt or action and the way
 * out are on every phase.
 */
export function TechnicianScreen(props: {
  view: TechnicianView;
  page: TechnicianPage;
  onPage: (page: TechnicianPage) => void;
  send: (intent: TechnicianIntent) => void;
  onExit: () => void;
}) {
  const { t } = useTranslation();
  const { view, send } = props;
  return (
    <section className="screen-body technician" data-testid="technician-screen" data-phase={view.phase}>
      <div className="tech-header">
        <h1>{t('technician.title')}</h1>
        <button type="button" className="secondary big" data-testid="tech-exit" onClick={props.onExit}>
          {t('technician.exit')}
        </button>
      </div>
      {view.last && <ResultBanner result={view.last} />}
      {view.phase === 'open' ? (
        view.status && (
          <MaintenancePages status={view.status} page={props.page} onPage={props.onPage} send={send} />
        )
      ) : (
        <div className="tech-login">
          {view.phase === 'locked' && <LockedPanel lockedUntil={view.lockedUntil} />}
          <PinPanel
            attemptsLeft={view.phase === 'pin' ? view.attemptsLeft : null}
            onPin={(pin) => send({ type: 'tech.pin', pin })}
          />
        </div>
      )}
    </section>
  );
}

/** What came of the last attempt or action; the agent's own words (`detail`) below, untranslated. */
function ResultBanner(props: { result: TechnicianResult }) {
  const { t } = useTranslation();
  const { result } = props;
  return (
    <div
      className={`tech-result tech-result-${result.outcome}`}
      role="status"
      aria-label={t('technician.resultLabel')}
      data-testid="tech-result"
      data-outcome={result.outcome}
      data-code={result.code}
      data-action={result.action}
      data-result-id={result.id}
    >
      <span className="tech-result-text">{resultText(result, t)}</span>
      {result.detail && (
        <span className="tech-result-detail" data-testid="tech-result-detail" translate="no">
          {result.detail}
        </span>
      )}
    </div>
  );
}
