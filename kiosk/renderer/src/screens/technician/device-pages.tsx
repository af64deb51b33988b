import { useTranslation } from 'react-i18next';
import type { TechnicianDevice, TechnicianStatus } from '@yaofang/shared/technician';
import { localClock, localDateTime, newestFrames, spacedHex } from '../../technician/technician-text.ts';
import { DeviceFact, Fact, Facts, NotConfigured } from './tech-parts.tsx';

type BinLid = NonNullable<TechnicianStatus['bin']>['compartments'][number]['lid'];

/** Every configured device: its state, errors and the last frames on its wire. */
export function DevicesPage(props: {
  devices: TechnicianStatus['devices'];
  onReset: (device: string) => void;
}) {
  const { t } = useTranslation();
  if (props.devices.length === 0) return <p className="tech-empty">{t('technician.devices.empty')}</p>;
  return (
    <ul className="tech-cards">
      {props.devices.map((device) => (
        <DeviceCard key={device.id} device={device} onReset={() => props.onReset(device.id)} />
      ))}
    </ul>
  );
}

function DeviceCard(props: { device: TechnicianDevice; onReset: () => void }) {
  const { t } = useTranslation();
  const { device } = props;
  const frames = newestFrames(device.recentFrames);
  return (
    <li className="tech-card" data-testid={`tech-device-${device.id}`} data-state={device.state}>
      <div className="tech-card-head">
        <h2 className="tech-mono" translate="no">
          {device.id}
        </h2>
        <span className="tech-mono tech-muted" translate="no">
          {device.kind}
        </span>
        <span className={`tech-state tech-state-${device.state}`}>
          {t(`technician.devices.state.${device.state}`)}
        </span>
        <span className="tech-muted">
          {t('technician.devices.since', { time: localDateTime(device.since, true) })}
        </span>
      </div>
      <Facts>
        <Fact label={t('technician.devices.errors')}>{device.errorCount}</Fact>
        <Fact label={t('technician.devices.frames')}>{device.frameCount}</Fact>
        <Fact label={t('technician.devices.lastError')}>
          {device.lastError === null ? (
            t('technician.devices.noError')
          ) : (
            <span translate="no">{device.lastError}</span>
          )}
        </Fact>
      </Facts>
      <h3>{t('technician.devices.recent')}</h3>
      {frames.length === 0 ? (
        <p className="tech-muted">{t('technician.devices.noFrames')}</p>
      ) : (
        <ol className="tech-frames">
          {frames.map((frame, index) => (
            <li key={`${frame.at}-${index}`} data-dir={frame.dir}>
              <span className="tech-frame-time">{localClock(frame.at)}</span>
              <span className={`tech-frame-dir tech-frame-${frame.dir}`}>
                {t(`technician.devices.${frame.dir}`)}
              </span>
              <code className="tech-frame-hex" translate="no">
                {spacedHex(frame.hex)}
              </code>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        className="secondary"
        data-testid={`tech-device-reset-${device.id}`}
        onClick={props.onReset}
      >
        {t('technician.devices.reset')}
      </button>
    </li>
  );
}

/** The receipt printer: paper and cover from its last status reply, and a test page. */
export function PrinterPage(props: { printer: TechnicianStatus['printer']; onTest: () => void }) {
  const { t } = useTranslation();
  const { printer } = props;
  if (!printer) return <NotConfigured />;
  return (
    <div className="tech-page">
      <Facts>
        <DeviceFact device={printer.device} />
        <Fact
          label={t('technician.printer.paper')}
          testId="tech-printer-paper"
          data={{ 'data-paper': printer.paper ?? 'unknown' }}
        >
          {printer.paper
            ? t(`technician.printer.paperState.${printer.paper}`)
            : t('technician.printer.unknown')}
        </Fact>
        <Fact label={t('technician.printer.cover')} testId="tech-printer-cover">
          {printer.coverOpen === null
            ? t('technician.printer.unknown')
            : t(printer.coverOpen ? 'technician.printer.coverOpen' : 'technician.printer.coverClosed')}
        </Fact>
      </Facts>
      <button type="button" className="primary big" data-testid="tech-print-test" onClick={props.onTest}>
        {t('technician.printer.test')}
      </button>
    </div>
  );
}

/** The scale's live reading (the agent re-sends the view as it changes) and its zero. */
export function ScalePage(props: { scale: TechnicianStatus['scale']; onZero: () => void }) {
  const { t } = useTranslation();
  const { scale } = props;
  if (!scale) return <NotConfigured />;
  return (
    <div className="tech-page">
      <Facts>
        <DeviceFact device={scale.device} />
      </Facts>
      <p className="tech-weight-label">{t('technician.scale.weight')}</p>
      <p
        className="tech-weight"
        data-testid="tech-weight"
        data-grams={scale.grams ?? ''}
        data-stable={scale.stable}
      >
        {scale.grams === null
          ? t('technician.scale.noReading')
          : t('technician.scale.grams', { grams: scale.grams })}
      </p>
      {scale.grams !== null && (
        <p
          className={`tech-state ${scale.stable ? 'tech-state-connected' : 'tech-state-degraded'}`}
          data-testid="tech-stable"
        >
          {t(scale.stable ? 'technician.scale.stable' : 'technician.scale.unstable')}
        </p>
      )}
      <button
        type="button"
        className="primary big"
        data-testid="tech-scale-zero"
        disabled={!scale.canZero}
        aria-describedby={scale.canZero ? undefined : 'tech-zero-reason'}
        onClick={props.onZero}
      >
        {t('technician.scale.zero')}
      </button>
      {!scale.canZero && (
        <p className="tech-muted" id="tech-zero-reason" data-testid="tech-scale-zero-reason">
          {t('technician.scale.cannotZero')}
        </p>
      )}
    </div>
  );
}

/** A lid's state drawn like a device's: closed is the resting state, moving or open wants a look, jammed is a fault. */
const LID_LOOK: Record<BinLid, TechnicianDevice['state'] | 'unknown'> = {
  closed: 'connected',
  opening: 'degraded',
  open: 'degraded',
  closing: 'degraded',
  jammed: 'disconnected',
  unknown: 'unknown',
};

/** Each compartment of the bin controller: its lid as last reported, its fill, Open and Close. */
export function BinPage(props: {
  bin: TechnicianStatus['bin'];
  onLid: (compartment: number, open: boolean) => void;
}) {
  const { t } = useTranslation();
  const { bin } = props;
  if (!bin) return <NotConfigured />;
  return (
    <div className="tech-page">
      <Facts>
        <DeviceFact device={bin.device} />
      </Facts>
      <ul className="tech-cards tech-bins">
        {bin.compartments.map((c) => (
          <li key={c.index} className="tech-card" data-testid={`tech-bin-${c.index}`}>
            <h2>{t('technician.bin.compartment', { index: c.index })}</h2>
            <p className="tech-category">
              {t(`waste.categories.${c.category}`, { defaultValue: c.category })}
            </p>
            <Facts>
              <Fact
                label={t('technician.bin.lid')}
                testId={`tech-lid-state-${c.index}`}
                data={{ 'data-lid': c.lid }}
              >
                <span className={`tech-state tech-state-${LID_LOOK[c.lid]}`}>
                  {t(`technician.bin.lidState.${c.lid}`)}
                </span>
              </Fact>
              <Fact label={t('technician.bin.fill')}>
                {c.fillPercent === null ? t('technician.bin.fillUnknown') : `${c.fillPercent}%`}
              </Fact>
            </Facts>
            <div className="actions">
              <button
                type="button"
                className="primary"
                data-testid={`tech-lid-open-${c.index}`}
                onClick={() => props.onLid(c.index, true)}
              >
                {t('technician.bin.open')}
              </button>
              <button
                type="button"
                className="secondary"
                data-testid={`tech-lid-close-${c.index}`}
                onClick={() => props.onLid(c.index, false)}
              >
                {t('technician.bin.close')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
