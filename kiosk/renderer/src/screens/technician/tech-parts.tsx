import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskToAgent } from '@yaofang/shared/local-api';

/** The intents a technician page may send (the contract's `tech.*` messages). */
export type TechnicianIntent = Extract<KioskToAgent, { type: `tech.${string}` }>;

/*
 * Data shown as it came — device ids and kinds, hex, paths, a device's own
 * error text — is marked translate="no": it is the same in every language
 * (and the e2e language check skips it).
 */

/** A page's facts as label/value rows. */
export function Facts(props: { children: ReactNode }) {
  return <dl className="tech-facts">{props.children}</dl>;
}

export function Fact(props: {
  label: string;
  children: ReactNode;
  testId?: string;
  data?: Record<string, string>;
}) {
  return (
    <div className="tech-fact">
      <dt>{props.label}</dt>
      <dd data-testid={props.testId} {...props.data}>
        {props.children}
      </dd>
    </div>
  );
}

/** The line a page shows when the station has no such device. */
export function NotConfigured() {
  const { t } = useTranslation();
  return (
    <p className="tech-empty" data-testid="tech-not-configured">
      {t('technician.notConfigured')}
    </p>
  );
}

/** Which configured device a page acts on. */
export function DeviceFact(props: { device: string }) {
  const { t } = useTranslation();
  return (
    <Fact label={t('technician.deviceId')}>
      <span className="tech-mono" translate="no">
        {props.device}
      </span>
    </Fact>
  );
}
