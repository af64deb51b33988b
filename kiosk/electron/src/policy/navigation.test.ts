import { describe, expect, it } from 'vitest';
import {
  agentOriginOf,
  decideNavigation,
  decideRequest,
  decideWindowOpen,
  originLabel,
} from './navigation.ts';

const AGENT = 'http://127.0.0.1:7400';

describe('agentOriginOf', () => {
  it('accepts loopback http and returns its origin', () => {
    expect(agentOriginOf('http://127.0.0.1:7400/?token=x')).toBe(AGENT);
    expect(agentOriginOf('http://localhost:7400')).toBe('http://localhost:7400');
  });
  it('refuses a remote host or a non-http scheme', () => {
    expect(() => agentOriginOf('http://192.168.1.5:7400')).toThrow(/loopback/);
    expect(() => agentOriginOf('file:///opt/kiosk/index.html')).toThrow(/http/);
  });
});

describe('decideNavigation', () => {
  it('allows any path on the agent origin', () => {
    expect(decideNavigation(`${AGENT}/`, AGENT).allow).toBe(true);
    expect(decideNavigation(`${AGENT}/technician?x=1`, AGENT).allow).toBe(true);
  });
  it.each([
    'http://127.0.0.1:7401/',
    'https://127.0.0.1:7400/',
    'http://localhost:7400/',
    'https://example.org/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'not a url',
  ])('denies %s', (url) => {
    expect(decideNavigation(url, AGENT).allow).toBe(false);
  });
});

describe('decideWindowOpen', () => {
  it('denies every new window, even on the agent origin', () => {
    expect(decideWindowOpen(`${AGENT}/`).allow).toBe(false);
    expect(decideWindowOpen('https://example.org/').allow).toBe(false);
  });
});

describe('decideRequest', () => {
  const off = { devtools: false };
  it('allows the agent origin and its WebSocket', () => {
    expect(decideRequest(`${AGENT}/assets/index.js`, AGENT, off).allow).toBe(true);
    expect(decideRequest('ws://127.0.0.1:7400/ws', AGENT, off).allow).toBe(true);
  });
  it('allows data: (the print window) but no other scheme or host', () => {
    expect(decideRequest('data:text/html,hi', AGENT, off).allow).toBe(true);
    expect(decideRequest('ws://127.0.0.1:9999/ws', AGENT, off).allow).toBe(false);
    expect(decideRequest('https://fonts.example.com/a.woff2', AGENT, off).allow).toBe(false);
    expect(decideRequest('file:///etc/shadow', AGENT, off).allow).toBe(false);
  });
  it('allows devtools resources only with --devtools', () => {
    expect(decideRequest('devtools://devtools/bundled/x.js', AGENT, off).allow).toBe(false);
    expect(decideRequest('devtools://devtools/bundled/x.js', AGENT, { devtools: true }).allow).toBe(true);
  });
});

describe('originLabel', () => {
  it('drops path and query so a token never reaches the log', () => {
    expect(originLabel(`${AGENT}/?token=secret`)).toBe(AGENT);
    expect(originLabel('data:text/html,secret')).toBe('data:…');
  });
});
