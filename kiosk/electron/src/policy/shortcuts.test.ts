import { describe as group, expect, it } from 'vitest';
import { decideShortcut, type KeyInput } from './shortcuts.ts';

function key(k: string, mods: Partial<KeyInput> = {}): KeyInput {
  const code = /^[A-Z]$/i.test(k) ? `Key${k.toUpperCase()}` : k;
  return { type: 'keyDown', key: k, code, control: false, alt: false, meta: false, shift: false, ...mods };
}

const off = { devtools: false };

group('decideShortcut', () => {
  it.each([
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Ctrl+Shift+W', key('W', { control: true, shift: true })],
    ['Ctrl+Q', key('q', { control: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+P', key('p', { control: true })],
    ['Ctrl+N', key('n', { control: true })],
    ['Ctrl+plus (zoom)', key('+', { control: true })],
    ['Alt+Tab', key('Tab', { alt: true })],
    ['Alt+Left (back)', key('ArrowLeft', { alt: true })],
    ['Ctrl+Alt+Delete', key('Delete', { control: true, alt: true })],
    ['Ctrl+Alt+F2 (VT switch)', key('F2', { control: true, alt: true })],
    ['Ctrl+Alt+Backspace', key('Backspace', { control: true, alt: true })],
    ['Super', key('Meta', { meta: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['F12', key('F12')],
    ['Escape', key('Escape')],
    ['BrowserBack', key('BrowserBack')],
  ])('blocks %s', (_label, input) => {
    expect(decideShortcut(input, off).block).toBe(true);
  });

  it.each([
    ['a digit from a card reader', key('7')],
    ['Enter after a card number', key('Enter')],
    ['a capital letter', key('A', { shift: true })],
    ['Backspace', key('Backspace')],
    ['an arrow key', key('ArrowDown')],
  ])('lets %s through', (_label, input) => {
    expect(decideShortcut(input, off).block).toBe(false);
  });

  it('lets devtools chords through only with --devtools', () => {
    const inspect = key('I', { control: true, shift: true });
    expect(decideShortcut(inspect, { devtools: true }).block).toBe(false);
    expect(decideShortcut(key('F12'), { devtools: true }).block).toBe(false);
    // Other escapes stay blocked even for a technician with devtools.
    expect(decideShortcut(key('w', { control: true }), { devtools: true }).block).toBe(true);
  });

  it('names the chord in its reason, for the log', () => {
    expect(decideShortcut(key('F4', { alt: true }), off)).toEqual({
      block: true,
      reason: 'modifier chord Alt+F4',
    });
  });
});
