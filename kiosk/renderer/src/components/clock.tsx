import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Time and date in the current language; a resident checks the drop-off window against it. */
export function Clock() {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const locale = i18n.language;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }).format(
    now,
  );
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'full' }).format(now);
  return (
    <div className="clock" role="timer" aria-label={t('clock.label')} data-testid="clock">
      <time className="clock-time" dateTime={now.toISOString()}>
        {time}
      </time>
      <span className="clock-date">{date}</span>
    </div>
  );
}
