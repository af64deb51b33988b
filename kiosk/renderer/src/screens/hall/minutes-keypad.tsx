import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OnScreenKeyboard } from '../../components/on-screen-keyboard.tsx';
import { parseMinutes } from '../../hall/hall-text.ts';

/** The numeric keypad for an amount of minutes; 确定 with a valid amount calls onMinutes. */
export function MinutesKeypad(props: {
  label: string;
  onMinutes: (minutes: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [invalid, setInvalid] = useState(false);
  return (
    <div className="hall-keypad" data-testid="minutes-keypad">
      <p className="sub">{props.label}</p>
      {invalid && (
        <p className="waste-notice" role="alert" data-testid="minutes-invalid">
          {t('hall.timebank.invalidMinutes')}
        </p>
      )}
      <OnScreenKeyboard
        label={t('hall.timebank.minutesLabel')}
        mode="digits"
        maxLength={6}
        onDone={(value) => {
          const minutes = parseMinutes(value);
          setInvalid(minutes === null);
          if (minutes !== null) props.onMinutes(minutes);
        }}
      />
      <button type="button" className="secondary big" data-testid="keypad-cancel" onClick={props.onCancel}>
        {t('hall.timebank.cancel')}
      </button>
    </div>
  );
}
