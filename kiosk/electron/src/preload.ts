import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, VERSION_ARG_PREFIX, type PrintResult, type YaofangBridge } from './ipc-channels.ts';

/**
 * The whole surface the renderer gets in Electron: `window.yaofang`. Never
 * ipcRenderer itself, never a generic send: each function is one channel,
 * and main validates the sender and arguments again (policy/ipc.ts).
 * Bundled to CommonJS because a sandboxed preload cannot load modules.
 */
const version =
  process.argv.find((arg) => arg.startsWith(VERSION_ARG_PREFIX))?.slice(VERSION_ARG_PREFIX.length) ??
  'unknown';

const bridge: YaofangBridge = Object.freeze({
  version,
  printA4: (html: string) => ipcRenderer.invoke(IPC_CHANNELS.printA4, String(html)) as Promise<PrintResult>,
  relaunch: () => ipcRenderer.invoke(IPC_CHANNELS.relaunch) as Promise<void>,
});

contextBridge.exposeInMainWorld('yaofang', bridge);
