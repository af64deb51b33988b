/**
 * Keys that could take a resident out of the kiosk (close, reload, devtools,
 * fullscreen, back/forward, zoom, new window, print dialog, VT switch …).
 * Rather than list every chord, any key with Ctrl, Alt or Meta is blocked,
 * as are function keys and the browser/system keys; plain characters, Enter,
 * Backspace and arrows pass (the renderer ignores them outside text fields,
 * which keyboard-wedge card readers rely on). Alt+Tab and Ctrl+Alt+Del are
 * usually taken by the compositor/kernel first; blocked here where they reach us.
 */

/** The subset of Electron's `Input` the decision needs. */
export interface KeyInput {
  type: string;
  key: string;
  code: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}

export type ShortcutDecision = { block: false } | { block: true; reason: string };

const SYSTEM_KEYS = new Set([
  'BrowserBack',
  'BrowserForward',
  'BrowserRefresh',
  'BrowserHome',
  'BrowserSearch',
  'BrowserFavorites',
  'BrowserStop',
  'ContextMenu',
  'Escape',
  'LaunchApplication1',
  'LaunchApplication2',
  'LaunchMail',
  'Meta',
  'OS',
  'Super',
  'Hyper',
  'Help',
  'Print',
  'PrintScreen',
  'Power',
  'Sleep',
]);

const FUNCTION_KEY = /^F([1-9]|1[0-9]|2[0-4])$/;

function isDevtoolsChord(input: KeyInput): boolean {
  if (input.key === 'F12') return true;
  const letter = input.code.replace(/^Key/, '');
  return input.control && input.shift && !input.alt && ['I', 'J', 'C'].includes(letter);
}

export function decideShortcut(input: KeyInput, options: { devtools: boolean }): ShortcutDecision {
  if (options.devtools && isDevtoolsChord(input)) return { block: false };
  const label = describe(input);
  if (input.control || input.alt || input.meta) return { block: true, reason: `modifier chord ${label}` };
  if (FUNCTION_KEY.test(input.key) || FUNCTION_KEY.test(input.code)) {
    return { block: true, reason: `function key ${label}` };
  }
  if (SYSTEM_KEYS.has(input.key) || SYSTEM_KEYS.has(input.code))
    return { block: true, reason: `system key ${label}` };
  return { block: false };
}

export function describe(input: KeyInput): string {
  const parts = [input.control && 'Ctrl', input.alt && 'Alt', input.meta && 'Meta', input.shift && 'Shift'];
  return [...parts.filter(Boolean), input.key].join('+');
}
