import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../ipc-channels.ts';
import { MAX_PRINT_HTML_BYTES, validateIpc } from './ipc.ts';

const AGENT = 'http://127.0.0.1:7400';
const trusted = { frameUrl: `${AGENT}/`, isMainFrame: true };

describe('validateIpc', () => {
  it('accepts printA4 with one string from the agent main frame', () => {
    expect(validateIpc(IPC_CHANNELS.printA4, trusted, ['<p>票据</p>'], AGENT)).toEqual({
      ok: true,
      request: { channel: IPC_CHANNELS.printA4, html: '<p>票据</p>' },
    });
  });

  it('accepts relaunch without arguments', () => {
    expect(validateIpc(IPC_CHANNELS.relaunch, trusted, [], AGENT).ok).toBe(true);
  });

  it('refuses an unknown channel', () => {
    expect(validateIpc('yf:exec', trusted, [], AGENT)).toMatchObject({ ok: false, reason: /unknown/ });
  });

  it.each([
    ['another origin', { frameUrl: 'https://example.org/', isMainFrame: true }],
    ['another port on loopback', { frameUrl: 'http://127.0.0.1:7401/', isMainFrame: true }],
    ['a data: page', { frameUrl: 'data:text/html,x', isMainFrame: true }],
    ['a destroyed frame', { frameUrl: null, isMainFrame: true }],
    ['a subframe of the agent', { frameUrl: `${AGENT}/frame`, isMainFrame: false }],
  ])('refuses a sender from %s', (_label, sender) => {
    expect(validateIpc(IPC_CHANNELS.relaunch, sender, [], AGENT).ok).toBe(false);
  });

  it('refuses printA4 with a wrong argument shape or an oversized document', () => {
    expect(validateIpc(IPC_CHANNELS.printA4, trusted, [], AGENT).ok).toBe(false);
    expect(validateIpc(IPC_CHANNELS.printA4, trusted, [42], AGENT).ok).toBe(false);
    expect(validateIpc(IPC_CHANNELS.printA4, trusted, ['a', 'b'], AGENT).ok).toBe(false);
    const huge = 'x'.repeat(MAX_PRINT_HTML_BYTES + 1);
    expect(validateIpc(IPC_CHANNELS.printA4, trusted, [huge], AGENT)).toMatchObject({
      ok: false,
      reason: /large/,
    });
  });

  it('refuses relaunch with arguments', () => {
    expect(validateIpc(IPC_CHANNELS.relaunch, trusted, ['--inspect'], AGENT).ok).toBe(false);
  });
});
