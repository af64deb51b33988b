import { BrowserWindow } from 'electron';
import type { PrintResult } from './ipc-channels.ts';

/**
 * Prints one A4 document silently on the default printer. The HTML goes into
 * a hidden, sandboxed window with JavaScript off, so a document can format
 * but never run code or reach the bridge; remote images are blocked by the
 * session's request filter like everything else.
 */
export async function printA4(html: string): Promise<PrintResult> {
  const printer = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      javascript: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  try {
    await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await new Promise<PrintResult>((resolve) => {
      printer.webContents.print(
        { silent: true, printBackground: true, pageSize: 'A4' },
        (success, failureReason) =>
          resolve(success ? { ok: true } : { ok: false, error: failureReason || 'print failed' }),
      );
    });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    printer.destroy();
  }
}
