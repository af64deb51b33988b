import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n.ts';
import { OnScreenKeyboard } from './on-screen-keyboard.tsx';

function render(mode: 'digits' | 'text', language: 'zh-CN' | 'en', testIdPrefix?: string) {
  const i18n = createI18n();
  void i18n.changeLanguage(language);
  const keyboard = createElement(OnScreenKeyboard, {
    label: '',
    mode,
    maxLength: 8,
    testIdPrefix,
    onDone: () => undefined,
  });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, keyboard));
}

describe('OnScreenKeyboard', () => {
  it('renders a digit pad whose value field is read-only (no wedge reader can type into it)', () => {
    const html = render('digits', 'zh-CN');
    for (const digit of '0123456789') expect(html).toContain(`data-testid="osk-${digit}"`);
    expect(html).toMatch(/<input[^>]*readOnly|<input[^>]*readonly/);
    expect(html).toContain('删除');
    expect(html).toContain('确定');
  });

  it('labels its keys in the current language', () => {
    const html = render('text', 'en');
    expect(html).toContain('Delete');
    expect(html).toContain('123');
    expect(html).not.toMatch(/\p{Script=Han}/u);
  });

  it('names its keys after a prefix when a suite drives it by name (the technician PIN)', () => {
    const html = render('digits', 'zh-CN', 'tech-pin');
    for (const digit of '0123456789') expect(html).toContain(`data-testid="tech-pin-key-${digit}"`);
    for (const id of ['tech-pin-submit', 'tech-pin-clear', 'tech-pin-backspace', 'tech-pin-value'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).not.toContain('data-testid="osk-');
  });
});
