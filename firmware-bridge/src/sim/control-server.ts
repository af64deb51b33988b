import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../device.ts';
import { panelHtml, type PanelAction } from './panel-html.ts';

export interface ControlledSimulator {
  /** Name in URLs and on the panel, e.g. `reader`. */
  name: string;
  title: string;
  simulator: Simulator;
  /** Buttons on the panel: each sends one control line. */
  actions: PanelAction[];
}

/**
 * A small HTTP control port for simulators: the demo's "simulator panel" page
 * (tap a card, load the scale…) and a JSON API tests and scripts can use:
 *   GET  /api/sims                 → snapshots
 *   POST /api/sims/:name/control   body: the control line (text) → SimReply
 * Loopback only: it drives fake devices, but a panel on the network would
 * still let anyone tap cards into the demo.
 */
export class SimulatorControlServer {
  private server: Server | null = null;
  private readonly byName = new Map<string, ControlledSimulator>();

  constructor(sims: ControlledSimulator[]) {
    for (const sim of sims) this.byName.set(sim.name, sim);
  }

  async start(port = 0): Promise<string> {
    const server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        send(response, 500, { ok: false, error: error instanceof Error ? error.message : String(error) });
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(
        panelHtml([...this.byName.values()].map(({ name, title, actions }) => ({ name, title, actions }))),
      );
      return;
    }
    if (request.method === 'GET' && url.pathname === '/api/sims') {
      send(
        response,
        200,
        Object.fromEntries([...this.byName].map(([name, sim]) => [name, sim.simulator.snapshot()])),
      );
      return;
    }
    const match = /^\/api\/sims\/([\w-]+)\/control$/.exec(url.pathname);
    if (request.method === 'POST' && match) {
      const sim = this.byName.get(match[1]!);
      if (!sim) {
        send(response, 404, {
          ok: false,
          error: `no simulator named ${match[1]}; known: ${[...this.byName.keys()].join(', ')}`,
        });
        return;
      }
      const line = (await readBody(request, 4096)).trim();
      const reply = await sim.simulator.control(line);
      send(response, reply.ok ? 200 : 400, reply);
      return;
    }
    send(response, 404, { ok: false, error: `no route ${request.method} ${url.pathname}` });
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  let body = '';
  for await (const chunk of request) {
    body += String(chunk);
    if (body.length > limit) throw new Error(`control command longer than ${limit} bytes`);
  }
  return body;
}
