/**
 * The IPC surface between preload and main: two invoke channels, nothing
 * else. Imported by the preload (bundled) and by main's validator, so the
 * names cannot drift.
 */
export const IPC_CHANNELS = {
  printA4: 'yf:print-a4',
  relaunch: 'yf:relaunch',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/** What `window.yaofang` offers the renderer (absent in plain Chromium). */
export interface YaofangBridge {
  readonly version: string;
  printA4(html: string): Promise<PrintResult>;
  relaunch(): Promise<void>;
}

export type PrintResult = { ok: true } | { ok: false; error: string };

/** Argument by which main hands the app version to the sandboxed preload. */
export const VERSION_ARG_PREFIX = '--yf-version=';
