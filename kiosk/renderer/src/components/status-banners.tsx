import { useTranslation } from 'react-i18next';
import { bannerKey, type BannerItem } from './banner-items.ts';

/** Offline uplink, lost agent connection, device faults: one translated line each. */
export function StatusBanners(props: { items: readonly BannerItem[] }) {
  const { t } = useTranslation();
  if (props.items.length === 0) return null;
  return (
    <section className="banners" aria-label={t('banner.label')}>
      {props.items.map((item) => (
        <div
          key={bannerKey(item)}
          className={`banner banner-${item.kind === 'offline' ? 'warn' : 'error'}`}
          role={item.kind === 'offline' ? 'status' : 'alert'}
          data-testid={`banner-${item.kind}`}
        >
          {text(item, t)}
        </div>
      ))}
    </section>
  );
}

function text(item: BannerItem, t: (key: string, options?: Record<string, unknown>) => string): string {
  switch (item.kind) {
    case 'connecting':
      return t('banner.connecting');
    case 'offline':
      return item.backlog > 0
        ? `${t('banner.offline')} ${t('banner.backlog', { pending: item.backlog })}`
        : t('banner.offline');
    case 'fault': {
      const device = t(`devices.${item.fault.kind}`, { defaultValue: t('devices.unknown') });
      const problem = t(`faults.${item.fault.code}`, { defaultValue: t('faults.unknown') });
      return t('banner.fault', { device, problem });
    }
  }
}
