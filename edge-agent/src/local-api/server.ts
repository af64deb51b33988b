import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { WebSocket } from 'ws';
import { API_TOKEN_COOKIE, kioskToAgentSchema, type AgentToKiosk, type KioskToAgent } from '@yaofang/shared';
import type { Logger } from 'pino';

export interface LocalApiOptions {
  host: '127.0.0.1';
  port: number;
  token: string;
  /** Built kiosk renderer to serve in browser mode; absent → API only. */
  kioskDir?: string;
  /** Messages every new socket gets first (hello, current state). */
  greeting: () => AgentToKiosk[];
  /** A validated intent from the kiosk (end the session, choose a category…). */
  onIntent?: (intent: KioskToAgent) => void;
  log: Logger;
}

/**
 * The kiosk's only door into the agent: loopback HTTP + WebSocket. Every
 * request needs the token (header, cookie, or `?token=` on the first page
 * load, which sets the cookie and redirects), and a foreign `Origin` is
 * refused, so a web page in some other browser tab cannot drive the terminal.
 */
export class LocalApi {
  private app: FastifyInstance | null = null;
  private readonly sockets = new Set<WebSocket>();
  private origin = '';

  constructor(private readonly options: LocalApiOptions) {}

  async start(): Promise<string> {
    const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
    this.app = app;
    await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    app.addHook('onRequest', (request, reply, done) => {
      const check = this.check(request);
      if (!check.ok) {
        this.options.log.warn(
          { url: request.url.split('?')[0], reason: check.reason },
          'local API request refused',
        );
        void reply.code(check.status).send({ status: 'error', error: check.reason });
        return;
      }
      if (check.via === 'query' && request.method === 'GET' && !request.url.startsWith('/ws')) {
        // Move the token from the URL into an HttpOnly cookie and out of the address bar.
        const url = new URL(request.url, this.origin);
        url.searchParams.delete('token');
        void reply
          .header(
            'set-cookie',
            `${API_TOKEN_COOKIE}=${encodeURIComponent(this.options.token)}; HttpOnly; SameSite=Strict; Path=/`,
          )
          .redirect(url.pathname + url.search, 303);
        return;
      }
      done();
    });

    app.get('/api/health', () => ({ status: 'ok' }));
    app.get('/ws', { websocket: true }, (socket) => this.accept(socket));

    const kioskDir = this.options.kioskDir;
    if (kioskDir && existsSync(kioskDir)) {
      await app.register(fastifyStatic, { root: kioskDir, index: 'index.html' });
    } else {
      app.get('/', (_request, reply) =>
        reply.code(503).send({
          status: 'error',
          error: 'kiosk renderer is not built: run `npm run build` and restart the agent',
        }),
      );
    }

    const address = await app.listen({ host: this.options.host, port: this.options.port });
    this.origin = address.replace('localhost', '127.0.0.1');
    return this.origin;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.close(1001, 'agent stopping');
    this.sockets.clear();
    await this.app?.close();
    this.app = null;
  }

  broadcast(message: AgentToKiosk): void {
    const text = JSON.stringify(message);
    for (const socket of this.sockets) if (socket.readyState === socket.OPEN) socket.send(text);
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (raw) => {
      let parsed;
      try {
        parsed = kioskToAgentSchema.safeParse(JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : ''));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        socket.send(
          JSON.stringify({ type: 'error', error: 'message is not valid JSON of a known kiosk message type' }),
        );
        return;
      }
      if (parsed.data.type === 'ping') return;
      this.options.onIntent?.(parsed.data);
    });
    for (const message of this.options.greeting()) socket.send(JSON.stringify(message));
  }

  private check(
    request: FastifyRequest,
  ): { ok: true; via: TokenSource } | { ok: false; status: number; reason: string } {
    const origin = request.headers.origin;
    if (
      origin !== undefined &&
      origin !== this.origin &&
      origin !== this.origin.replace('127.0.0.1', 'localhost')
    ) {
      return { ok: false, status: 403, reason: `origin ${origin} is not allowed` };
    }
    const presented = tokenOf(request);
    if (!presented) return { ok: false, status: 401, reason: 'missing API token' };
    if (!sameSecret(presented.token, this.options.token))
      return { ok: false, status: 401, reason: 'wrong API token' };
    return { ok: true, via: presented.via };
  }
}

type TokenSource = 'header' | 'cookie' | 'query';

function tokenOf(request: FastifyRequest): { token: string; via: TokenSource } | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7), via: 'header' };
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === API_TOKEN_COOKIE)?.[1];
  if (cookie) {
    // A cookie that is not valid percent-encoding is simply a wrong token, not a server error.
    try {
      return { token: decodeURIComponent(cookie), via: 'cookie' };
    } catch {
      return { token: '', via: 'cookie' };
    }
  }
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === 'string' && query) return { token: query, via: 'query' };
  return null;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
