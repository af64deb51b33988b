import { request } from 'node:http';
import WebSocket from 'ws';
import { waitFor } from '../../harness/free-port.ts';

/** A WebSocket to the agent's local API, as the kiosk holds it, with every message it received. */
export interface KioskSocket {
  socket: WebSocket;
  messages: Array<{ type?: unknown; [key: string]: unknown }>;
  closed: Promise<{ code: number; reason: string }>;
  /** The first message at or after `from` that matches. */
  next(
    match: (message: { type?: unknown; [key: string]: unknown }) => boolean,
    what: string,
    from?: number,
    timeoutMs?: number,
  ): Promise<{ type?: unknown; [key: string]: unknown }>;
  close(): Promise<void>;
}

export function openKioskSocket(apiUrl: string, headers: Record<string, string>): Promise<KioskSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/ws`, { headers });
    const messages: KioskSocket['messages'] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      socket.once('close', (code, reason) => done({ code, reason: reason.toString() })),
    );
    socket.on('message', (data: Buffer) => {
      try {
        messages.push(JSON.parse(data.toString('utf8')) as KioskSocket['messages'][number]);
      } catch {
        messages.push({ type: '(not JSON)', raw: data.toString('utf8') });
      }
    });
    socket.on('error', () => undefined); // surfaced through 'close' / 'unexpected-response'
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`WebSocket upgrade refused with ${response.statusCode}`)),
    );
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        closed,
        next: (match, what, from = 0, timeoutMs = 10_000) =>
          waitFor(() => messages.slice(from).find(match), what, timeoutMs),
        close: async () => {
          if (socket.readyState === socket.CLOSED) return;
          socket.close();
          await closed;
        },
      }),
    );
  });
}

/** The HTTP status an upgrade to `/ws` gets with these headers (101 when it opens). */
export function upgradeStatus(apiUrl: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/ws`, { headers });
    socket.on('error', () => undefined);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
  });
}

export interface RawResponse {
  status: number;
  body: string;
}

/**
 * An HTTP request with the path sent exactly as given: `fetch` would
 * normalise `/../` away before it left the test, which is not what an
 * attacker's client does.
 */
export function rawRequest(
  apiUrl: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(apiUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}
