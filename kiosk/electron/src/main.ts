import { app, BrowserWindow, ipcMain, powerSaveBlocker, session } from 'electron';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hardenContents } from './harden-contents.ts';
import { hardenSession } from './harden-session.ts';
import { IPC_CHANNELS, VERSION_ARG_PREFIX, type IpcChannel } from './ipc-channels.ts';
import { jsonLog } from './log.ts';
import { kioskEntryUrl, kioskOptionsFrom } from './options.ts';
import { backoffMs, relaunchArgs } from './policy/crash-recovery.ts';
import { validateIpc, type IpcRequest } from './policy/ipc.ts';
import { printA4 } from './print.ts';
import { RendererWatchdog } from './watchdog.ts';

/**
 * The kiosk shell: one fullscreen, locked-down window showing the renderer
 * that the edge-agent serves on loopback. Every decision (what may load,
 * which keys pass, what IPC is valid, how to recover) is a pure policy in
 * ./policy; this file only connects those policies to Electron.
 */
const log = jsonLog();
const options = kioskOptionsFrom(process.argv, process.env);
const here = dirname(fileURLToPath(import.meta.url));
let kioskWindow: BrowserWindow | null = null;

// Every renderer sandboxed, whatever a future BrowserWindow forgets to say.
app.enableSandbox();
// Touch kiosks: no pinch zoom, no swipe-to-go-back.
app.commandLine.appendSwitch('disable-pinch');
app.commandLine.appendSwitch('overscroll-history-navigation', '0');

function readToken(): string | null {
  try {
    return readFileSync(options.tokenFile, 'utf8').trim() || null;
  } catch (error) {
    log.warn('cannot read API token file', { file: options.tokenFile, error: String(error) });
    return null;
  }
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    fullscreen: true,
    kiosk: true,
    autoHideMenuBar: true,
    backgroundColor: '#f4f7fb',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devtools,
      additionalArguments: [`${VERSION_ARG_PREFIX}${app.getVersion()}`],
    },
  });
  const contents = window.webContents;
  contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);

  let loadAttempt = 0;
  const load = () => {
    const token = readToken();
    if (token === null) {
      retryLoad();
      return;
    }
    contents.loadURL(kioskEntryUrl(options.agentOrigin, token)).catch(() => undefined);
  };
  const retryLoad = () => {
    loadAttempt += 1;
    const delayMs = backoffMs(loadAttempt, 500, 10_000);
    log.warn('agent not reachable yet: retrying', { attempt: loadAttempt, delayMs });
    setTimeout(load, delayMs);
  };
  contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    // -3 is ERR_ABORTED: our own navigation guard or a reload, not a failure.
    if (!isMainFrame || errorCode === -3) return;
    log.warn('kiosk page failed to load', { errorCode, errorDescription });
    retryLoad();
  });
  contents.on('did-finish-load', () => {
    loadAttempt = 0;
    if (options.hideCursor) contents.insertCSS('* { cursor: none !important; }').catch(() => undefined);
  });

  const watchdog = new RendererWatchdog(
    {
      reload: load,
      crashRenderer: () => contents.forcefullyCrashRenderer(),
      relaunch: (attempt) => {
        app.relaunch({ args: relaunchArgs(process.argv.slice(1), attempt) });
        app.exit(0);
      },
      now: () => Date.now(),
      setTimer: (run, ms) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      log,
    },
    options.relaunchAttempt,
  );
  contents.on('render-process-gone', (_event, details) => watchdog.onGone(details.reason, details.exitCode));
  window.on('unresponsive', () => watchdog.onUnresponsive());
  window.on('responsive', () => watchdog.onResponsive());

  load();
  return window;
}

function handle(channel: IpcChannel, act: (request: IpcRequest) => Promise<unknown>): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    const frame = event.senderFrame;
    const validation = validateIpc(
      channel,
      { frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null },
      args,
      options.agentOrigin,
    );
    if (!validation.ok) {
      log.warn('IPC refused', { channel, reason: validation.reason });
      throw new Error('refused');
    }
    return act(validation.request);
  });
}

function registerIpc(): void {
  handle(IPC_CHANNELS.printA4, async (request) => {
    if (request.channel !== IPC_CHANNELS.printA4) throw new Error('unreachable');
    const result = await printA4(request.html);
    log.info('A4 print', { ok: result.ok, error: result.ok ? undefined : result.error });
    return result;
  });
  handle(IPC_CHANNELS.relaunch, () => {
    log.info('relaunch requested by the renderer');
    app.relaunch({ args: relaunchArgs(process.argv.slice(1), 0) });
    app.exit(0);
    return Promise.resolve();
  });
}

if (!app.requestSingleInstanceLock()) {
  log.warn('another kiosk instance is running: exiting');
  app.quit();
} else {
  app.on('second-instance', () => {
    kioskWindow?.show();
    kioskWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) =>
    hardenContents(contents, options.agentOrigin, options.devtools, log),
  );
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    hardenSession(session.defaultSession, options.agentOrigin, options.devtools, log);
    registerIpc();
    const blocker = powerSaveBlocker.start('prevent-display-sleep');
    log.info('kiosk started', {
      agent: options.agentOrigin,
      devtools: options.devtools,
      hideCursor: options.hideCursor,
      relaunchAttempt: options.relaunchAttempt,
      displaySleepBlocked: powerSaveBlocker.isStarted(blocker),
    });
    kioskWindow = createWindow();
  });
}
