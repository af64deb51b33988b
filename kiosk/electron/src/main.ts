import { app, BrowserWindow, session } from 'electron';
import { readFileSync } from 'node:fs';

/**
 * The kiosk window: fullscreen, locked down, showing the renderer that the
 * edge-agent serves on loopback. The agent's URL and token file come from the
 * environment (set by the systemd unit or the demo).
 */
const agentUrl = process.env.YF_AGENT_URL ?? 'http://127.0.0.1:7400';
const tokenFile = process.env.YF_TOKEN_FILE ?? '/var/lib/yaofang/api-token';

function kioskUrl(): string {
  const token = readFileSync(tokenFile, 'utf8').trim();
  return `${agentUrl}/?token=${encodeURIComponent(token)}`;
}

function createWindow(): void {
  const window = new BrowserWindow({
    fullscreen: true,
    kiosk: true,
    autoHideMenuBar: true,
    backgroundColor: '#f4f7fb',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: process.argv.includes('--devtools'),
    },
  });
  const origin = new URL(agentUrl).origin;
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== origin) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadURL(kioskUrl());
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    createWindow();
  });
  app.on('window-all-closed', () => app.quit());
}
