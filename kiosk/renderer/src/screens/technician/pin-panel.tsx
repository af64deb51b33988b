import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TECHNICIAN_PIN } from '@yaofang/shared/technician';
import { OnScreenKeyboard } from '../../components/on-screen-keyboard.tsx';
import { localDateTime } from '../../technician/technician-text.ts';

/**
 * The PIN pad: digits only, shown as dots. A PIN that cannot be one (fewer
 * than 4 digits) is caught here rather than spending an attempt; after each
 * try the pad is emptied, so no PIN stays in the page. It stays during a
 * lockout too (`attemptsLeft` null): the agent refuses and audits each try.
 */
export function PinPanel(props: { attemptsLeft: number | null; onPin: (pin: string) => void }) {
  const { t } = useTranslation();
  const [tries, setTries] = useState(0);
  const [invalid, setInvalid] = useState(false);
  return (
    <div className="tech-pin">
      <p className="sub">{t('technician.pin.title')}</p>
      {props.attemptsLeft !== null && (
        <p className="tech-attempts" data-testid="tech-attempts-left" data-attempts={props.attemptsLeft}>
          {t('technician.pin.attemptsLeft', { attempts: props.attemptsLeft })}
        </p>
      )}
      {invalid && (
        <p className="waste-notice" role="alert" data-testid="tech-pin-invalid">
          {t('technician.pin.invalid')}
        </p>
      )}
      <OnScreenKeyboard
        key={tries}
        label={t('technician.pin.label')}
        mode="digits"
        maxLength={8}
        masked
        testIdPrefix="tech-pin"
        onDone={(pin) => {
          const ok = TECHNICIAN_PIN.test(pin);
          setInvalid(!ok);
          setTries(tries + 1);
          if (ok) props.onPin(pin);
        }}
      />
    </div>
  );
}

/** Too many wrong PINs: until when (local time). */
export function LockedPanel(props: { lockedUntil: string | null }) {
  const { t } = useTranslation();
  const until = props.lockedUntil === null ? NaN : Date.parse(props.lockedUntil);
  return (
    <div className="tech-locked">
      <p className="tech-locked-title">{t('technician.locked.title')}</p>
      <p className="sub">{t('technician.locked.hint')}</p>
      {!Number.isNaN(until) && (
        <p className="tech-locked-until" data-testid="tech-locked-until" data-until={props.lockedUntil}>
          {t('technician.locked.until', { time: localDateTime(until) })}
        </p>
      )}
    </div>
  );
}
