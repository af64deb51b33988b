import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyKey, displayValue, keypadRows, type KeypadKey, type KeypadMode } from '../keyboard/keypad.ts';

export interface OnScreenKeyboardProps {
  /** Accessible name of the value being typed, e.g. "application number". */
  label: string;
  mode: KeypadMode;
  maxLength: number;
  /** Show dots instead of the characters (PINs). */
  masked?: boolean;
  /**
   * Test ids `{prefix}-key-7`, `{prefix}-clear`, `{prefix}-backspace`,
   * `{prefix}-submit`, `{prefix}-value` instead of the generic `osk-…`, for a
   * pad another suite drives by name (the technician PIN).
   */
  testIdPrefix?: string;
  onDone: (value: string) => void;
}

function keyTestId(key: KeypadKey, prefix: string | undefined): string {
  if (!prefix) return `osk-${key.kind === 'char' ? key.char : key.kind}`;
  switch (key.kind) {
    case 'char':
      return `${prefix}-key-${key.char}`;
    case 'done':
      return `${prefix}-submit`;
    case 'backspace':
    case 'clear':
    case 'space':
      return `${prefix}-${key.kind}`;
  }
}

/**
 * Touch keyboard for application numbers and PINs. The value is shown in a
 * read-only field, so neither a hardware keyboard nor a keyboard-wedge card
 * reader can type into it (see input/keyboard-guard.ts); only these keys can.
 */
export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [mode, setMode] = useState<KeypadMode>(props.mode);
  const press = (key: KeypadKey) => {
    if (key.kind === 'done') props.onDone(value);
    else setValue(applyKey({ value, maxLength: props.maxLength }, key));
  };
  const label = (key: KeypadKey) => (key.kind === 'char' ? key.char : t(`keyboard.${key.kind}`));
  return (
    <div className="osk" data-testid="on-screen-keyboard">
      <input
        className="osk-display"
        type="text"
        readOnly
        aria-label={props.label || t('keyboard.input')}
        value={displayValue(value, props.masked ?? false)}
        data-testid={props.testIdPrefix ? `${props.testIdPrefix}-value` : 'osk-value'}
      />
      {keypadRows(mode).map((row, index) => (
        <div className="osk-row" key={index}>
          {row.map((key) => (
            <button
              key={key.kind === 'char' ? key.char : key.kind}
              type="button"
              className={`osk-key osk-${key.kind}`}
              data-testid={keyTestId(key, props.testIdPrefix)}
              onClick={() => press(key)}
            >
              {label(key)}
            </button>
          ))}
        </div>
      ))}
      <div className="osk-row">
        {props.mode === 'text' && (
          <button
            type="button"
            className="osk-key"
            onClick={() => setMode(mode === 'text' ? 'digits' : 'text')}
          >
            {mode === 'text' ? t('keyboard.digits') : t('keyboard.letters')}
          </button>
        )}
        <button
          type="button"
          className="osk-key osk-done primary"
          data-testid={props.testIdPrefix ? keyTestId({ kind: 'done' }, props.testIdPrefix) : undefined}
          onClick={() => press({ kind: 'done' })}
        >
          {t('keyboard.done')}
        </button>
      </div>
    </div>
  );
}
