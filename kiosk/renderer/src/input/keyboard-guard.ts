/**
 * Keyboard-wedge RFID readers "type" the card number into whatever window
 * has focus, followed by Enter. Outside a text field such keys must do
 * nothing — above all, Enter or Space must not press a focused button. So
 * every key event whose target is not an editable field is swallowed.
 */
export interface KeyTarget {
  tagName?: string;
  isContentEditable?: boolean;
  readOnly?: boolean;
  disabled?: boolean;
  type?: string;
}

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'number', 'password', 'email', 'url', '']);

export function isEditableTarget(target: KeyTarget | null): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA') return !target.readOnly && !target.disabled;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has(target.type ?? '') && !target.readOnly && !target.disabled;
  return false;
}

/** Installs the guard on a window; returns the disposer. */
export function installKeyboardGuard(target: Window): () => void {
  const swallow = (event: KeyboardEvent) => {
    if (isEditableTarget(event.target as KeyTarget | null)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  const types = ['keydown', 'keypress', 'keyup'] as const;
  for (const type of types) target.addEventListener(type, swallow, { capture: true });
  return () => {
    for (const type of types) target.removeEventListener(type, swallow, { capture: true });
  };
}
