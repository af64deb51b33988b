import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import WebSocket from 'ws';
import { LocalApi } from './server.ts';

const TOKEN = 'a'.repeat(64);

describe('local API: token and Origin', () => {
  let api: LocalApi;
  let url: string;
  let kioskDir: string;
  const intents: unknown[] = [];

  beforeAll(async () => {
    kioskDir = mkdtempSync(join(tmpdir(), 'yf-kiosk-'));
    writeFileSync(join(kioskDir, 'index.html'), '<!doctype html><title>kiosk</title>');
    api = new LocalApi({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      kioskDir,
      greeting: () => [{ type: 'hello', station: 'T-1', version: '0.0.0' }],
      onIntent: (intent) => intents.push(intent),
      log: pino({ level: 'silent' }),
    });
    url = await api.start();
  });

  afterAll(async () => {
    await api.stop();
    rmSync(kioskDir, { recursive: true, force: true });
  });

  it('refuses a request without a token, and one with a wrong token', async () => {
    const missing = await fetch(`${url}/api/health`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: 'missing API token' });
    const wrong = await fetch(`${url}/api/health`, {
      headers: { authorization: `Bearer ${'b'.repeat(64)}` },
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${url}/index.html`)).status).toBe(401);
  });

  it('accepts the token as a bearer header', async () => {
    const response = await fetch(`${url}/api/health`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
  });

  it('moves a token in the URL into an HttpOnly cookie and redirects without it', async () => {
    const response = await fetch(`${url}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>kiosk</title>');
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const response = await fetch(`${url}/api/health`, {
      headers: { authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' },
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'origin http://evil.example is not allowed' });
  });

  it('refuses a WebSocket without the token or from a foreign Origin, and greets one with both right', async () => {
    const refused = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
    expect(await refused({ origin: url })).toBe(401);
    expect(await refused({ origin: 'http://evil.example', cookie: `yf_token=${TOKEN}` })).toBe(403);

    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, {
      headers: { origin: url, cookie: `yf_token=${TOKEN}` },
    });
    const first = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data: Buffer) => resolve(data.toString('utf8')));
      socket.once('error', reject);
    });
    expect(JSON.parse(first)).toEqual({ type: 'hello', station: 'T-1', version: '0.0.0' });
    socket.close();
  });

  it('passes valid kiosk intents on and answers a malformed one with an error, passing nothing on', async () => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`, {
      headers: { origin: url, cookie: `yf_token=${TOKEN}` },
    });
    const messages: unknown[] = [];
    socket.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'session.end', reason: 'idle' }));
    socket.send('{"type":"session.end","reason":"bored"}');
    socket.send('not json');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(intents).toEqual([{ type: 'session.end', reason: 'idle' }]);
    expect(messages.filter((m) => (m as { type: string }).type === 'error')).toHaveLength(2);
    socket.close();
  });
});
