import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianStatus } from '@yaofang/shared/technician';
import { TECHNICIAN_PAGES, type TechnicianPage } from '../../state/kiosk-state.ts';
import { BinPage, DevicesPage, PrinterPage, ScalePage } from './device-pages.tsx';
import { LogsPage, SystemPage, UplinkPage } from './system-pages.tsx';
import type { TechnicianIntent } from './tech-parts.tsx';

/** The maintenance pages after a correct PIN: one tab each, the chosen page below. */
export function MaintenancePages(props: {
  status: TechnicianStatus;
  page: TechnicianPage;
  onPage: (page: TechnicianPage) => void;
  send: (intent: TechnicianIntent) => void;
}) {
  const { t } = useTranslation();
  const { status, page, send } = props;
  return (
    <div className="tech-pages">
      <div className="tech-tabs" role="tablist" aria-label={t('technician.tabs.label')}>
        {TECHNICIAN_PAGES.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tech-tab-${tab}`}
            aria-selected={tab === page}
            aria-controls="tech-panel"
            className="tech-tab"
            data-testid={`tech-tab-${tab}`}
            onClick={() => props.onPage(tab)}
          >
            {t(`technician.tabs.${tab}`)}
          </button>
        ))}
      </div>
      <div
        className="tech-panel"
        role="tabpanel"
        id="tech-panel"
        aria-labelledby={`tech-tab-${page}`}
        data-testid={`tech-page-${page}`}
      >
        {pageContent(page, status, send)}
      </div>
    </div>
  );
}

function pageContent(
  page: TechnicianPage,
  status: TechnicianStatus,
  send: (intent: TechnicianIntent) => void,
): ReactNode {
  switch (page) {
    case 'devices':
      return (
        <DevicesPage
          devices={status.devices}
          onReset={(device) => send({ type: 'tech.device-reset', device })}
        />
      );
    case 'printer':
      return <PrinterPage printer={status.printer} onTest={() => send({ type: 'tech.print-test' })} />;
    case 'scale':
      return <ScalePage scale={status.scale} onZero={() => send({ type: 'tech.scale-zero' })} />;
    case 'bin':
      return (
        <BinPage
          bin={status.bin}
          onLid={(compartment, open) => send({ type: 'tech.lid', compartment, open })}
        />
      );
    case 'uplink':
      return <UplinkPage uplink={status.uplink} />;
    case 'logs':
      return (
        <LogsPage
          targets={status.exportTargets}
          onExport={(target) => send({ type: 'tech.logs-export', target })}
        />
      );
    case 'system':
      return <SystemPage onRestart={(what) => send({ type: 'tech.restart', what })} />;
  }
}
