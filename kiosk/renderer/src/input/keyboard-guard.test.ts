import { describe, expect, it } from 'vitest';
import { isEditableTarget } from './keyboard-guard.ts';

describe('isEditableTarget', () => {
  it.each([
    ['a text input', { tagName: 'INPUT', type: 'text' }],
    ['a tel input', { tagName: 'input', type: 'tel' }],
    ['a textarea', { tagName: 'TEXTAREA' }],
    ['a contenteditable element', { tagName: 'DIV', isContentEditable: true }],
  ])('accepts keys in %s', (_label, target) => {
    expect(isEditableTarget(target)).toBe(true);
  });

  it.each([
    ['the page body', { tagName: 'BODY' }],
    ['a focused button (Enter would press it)', { tagName: 'BUTTON' }],
    ['a checkbox', { tagName: 'INPUT', type: 'checkbox' }],
    ['a read-only display', { tagName: 'INPUT', type: 'text', readOnly: true }],
    ['a disabled input', { tagName: 'INPUT', type: 'text', disabled: true }],
    ['no target', null],
  ])('swallows keys on %s', (_label, target) => {
    expect(isEditableTarget(target)).toBe(false);
  });
});
