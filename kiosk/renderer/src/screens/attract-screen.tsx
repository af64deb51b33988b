import { useTranslation } from 'react-i18next';
import type { StationView, WasteNotice } from '@yaofang/shared/waste-session';
import { CategoryStatus } from '../components/category-status.tsx';
import { Clock } from '../components/clock.tsx';
import { WasteNoticeBox } from '../components/waste-notice.tsx';
import { SettingsButton } from '../components/settings-button.tsx';

/**
 * The idle terminal: tap your card. A waste station also shows each
 * category's state, and for a few seconds why the last tap did not start a
 * session. Settings (elderly mode, contrast, voice) are one touch away.
 */
export function AttractScreen(props: {
  station?: StationView | null;
  notice?: WasteNotice | null;
  onSettings: () => void;
}) {
  const { t } = useTranslation();
  const waste = props.station && props.station.role !== 'hall' ? props.station : null;
  return (
    <section className={`screen-body attract ${waste ? 'attract-waste' : ''}`} data-testid="attract">
      <Clock />
      <div className="card-target" aria-hidden="true">
        <svg viewBox="0 0 120 80" className="card-icon" focusable="false">
          <rect x="4" y="4" width="112" height="72" rx="10" />
          <path d="M20 28h44M20 44h30M84 24c8 8 8 24 0 32M94 16c13 13 13 35 0 48" />
        </svg>
      </div>
      <h1>{t('attract.prompt')}</h1>
      <p className="sub">{t('attract.hint')}</p>
      {props.notice && <WasteNoticeBox notice={props.notice} testId="station-notice" />}
      {waste && <CategoryStatus compartments={waste.compartments} />}
      <SettingsButton onSettings={props.onSettings} />
    </section>
  );
}
