import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { kioskToAgentSchema, type AgentToKiosk, type KioskToAgent } from '@yaofang/shared/local-api';
import { KIOSK_DIR } from './station.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

type MessageType = AgentToKiosk['type'];

export interface ScriptedAgentOptions {
  stationId: string;
  /**
   * Message types that describe state (a session, the station, technician
   * mode): the latest pushed one of each is sent again to every page that
   * connects, in this order, after hello and uplink.
   */
  retained: readonly MessageType[];
}

/**
 * The agent's side of the local API, scripted: it serves the built renderer
 * on one origin with the WebSocket at /ws, greets every page with hello and
 * the retained state, pushes what a test says, and records the intents the
 * page sends. The renderer is a view, so this is all the screen suites need.
 */
export class ScriptedAgent {
  readonly intents: KioskToAgent[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly latest = new Map<MessageType, AgentToKiosk>();

  private constructor(
    private readonly options: ScriptedAgentOptions,
    private readonly http: Server,
    private readonly wss: WebSocketServer,
  ) {
    wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data: Buffer) => {
        const parsed = kioskToAgentSchema.safeParse(JSON.parse(data.toString('utf8')));
        if (parsed.success && parsed.data.type !== 'ping') this.intents.push(parsed.data);
      });
      const greeting: AgentToKiosk[] = [
        { type: 'hello', station: options.stationId, version: '0.0.0-e2e' },
        { type: 'uplink', connected: true, backlog: 0 },
      ];
      for (const type of options.retained) {
        const message = this.latest.get(type);
        if (message) greeting.push(message);
      }
      for (const message of greeting) socket.send(JSON.stringify(message));
    });
  }

  static async start(options: ScriptedAgentOptions): Promise<ScriptedAgent> {
    const http = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const file = normalize(join(KIOSK_DIR, path === '/' ? 'index.html' : decodeURIComponent(path)));
      if (!file.startsWith(KIOSK_DIR + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      });
      response.end(readFileSync(file));
    });
    const wss = new WebSocketServer({ server: http, path: '/ws' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new ScriptedAgent(options, http, wss);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  push(message: AgentToKiosk): void {
    if (this.options.retained.includes(message.type)) this.latest.set(message.type, message);
    for (const socket of this.sockets) socket.send(JSON.stringify(message));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
