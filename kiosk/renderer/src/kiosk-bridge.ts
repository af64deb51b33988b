/**
 * What Electron's preload offers the page as `window.yaofang`
 * (kiosk/electron/src/preload.ts). Absent in a plain browser, and a page
 * must never trust its shape: each function is checked before it is used.
 */
export interface KioskBridge {
  printA4(html: string): Promise<{ ok: boolean }>;
  relaunch(): Promise<void>;
}

type BridgeHost = { yaofang?: Partial<Record<keyof KioskBridge, unknown>> };

/** One function of the bridge, or undefined in browser mode. */
export function bridgeFunction<Name extends keyof KioskBridge>(
  name: Name,
  host: object = window,
): KioskBridge[Name] | undefined {
  const bridge = (host as BridgeHost).yaofang;
  const fn = bridge?.[name];
  return typeof fn === 'function' ? (fn.bind(bridge) as KioskBridge[Name]) : undefined;
}

/**
 * The agent asked for the kiosk to restart (a technician's "restart kiosk"):
 * Electron relaunches the whole app; a browser, or a bridge that fails,
 * reloads the page.
 */
export function relaunchKiosk(host: object = window, reload = () => location.reload()): void {
  const relaunch = bridgeFunction('relaunch', host);
  if (!relaunch) {
    reload();
    return;
  }
  relaunch().catch(reload);
}
