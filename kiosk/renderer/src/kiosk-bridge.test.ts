import { describe, expect, it, vi } from 'vitest';
import { bridgeFunction, relaunchKiosk } from './kiosk-bridge.ts';

describe('the Electron bridge', () => {
  it('relaunches through window.yaofang when Electron offers it', () => {
    const relaunch = vi.fn(() => Promise.resolve());
    const reload = vi.fn();
    relaunchKiosk({ yaofang: { relaunch } }, reload);
    expect(relaunch).toHaveBeenCalledOnce();
    expect(reload).not.toHaveBeenCalled();
  });

  it('reloads the page in a browser, or when the bridge has no relaunch', () => {
    const reload = vi.fn();
    relaunchKiosk({}, reload);
    relaunchKiosk({ yaofang: { relaunch: 'not a function' } }, reload);
    expect(reload).toHaveBeenCalledTimes(2);
  });

  it('reloads the page when the relaunch fails', async () => {
    const reload = vi.fn();
    relaunchKiosk({ yaofang: { relaunch: () => Promise.reject(new Error('ipc refused')) } }, reload);
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
  });

  it('hands out only functions, bound to the bridge', async () => {
    const bridge = {
      label: 'A4',
      printA4(this: { label: string }, html: string) {
        return Promise.resolve({ ok: html === this.label });
      },
    };
    expect(await bridgeFunction('printA4', { yaofang: bridge })?.('A4')).toEqual({ ok: true });
    expect(bridgeFunction('printA4', {})).toBeUndefined();
    expect(bridgeFunction('relaunch', { yaofang: bridge })).toBeUndefined();
  });
});
