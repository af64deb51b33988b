import type { Event, WebContents } from 'electron';
import { decideNavigation, decideWindowOpen, originLabel } from './policy/navigation.ts';
import { decideShortcut } from './policy/shortcuts.ts';
import type { KioskLog } from './log.ts';

/**
 * Applied to every WebContents the app ever creates (window, print window,
 * anything a future change adds): no popups, no navigation off the agent's
 * origin, no <webview>, no kiosk-escaping shortcuts, no devtools unless asked.
 */
export function hardenContents(
  contents: WebContents,
  agentOrigin: string,
  devtools: boolean,
  log: KioskLog,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (!decision.allow) log.warn('new window denied', { url: originLabel(url), reason: decision.reason });
    return { action: decision.allow ? 'allow' : 'deny' };
  });

  const guard = (event: Event, url: string, kind: string) => {
    const decision = decideNavigation(url, agentOrigin);
    if (decision.allow) return;
    event.preventDefault();
    log.warn(`${kind} denied`, { url: originLabel(url), reason: decision.reason });
  };
  contents.on('will-navigate', (event) => guard(event, event.url, 'navigation'));
  contents.on('will-frame-navigate', (event) => guard(event, event.url, 'frame navigation'));
  contents.on('will-redirect', (event) => guard(event, event.url, 'redirect'));

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });

  contents.on('before-input-event', (event, input) => {
    const decision = decideShortcut(input, { devtools });
    if (!decision.block) return;
    event.preventDefault();
    if (input.type === 'keyDown') log.info('shortcut blocked', { reason: decision.reason });
  });

  if (!devtools) {
    contents.on('devtools-opened', () => {
      log.warn('devtools opened without --devtools: closing');
      contents.closeDevTools();
    });
  }
}
