import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import {
  API_TOKEN_COOKIE,
  agentToKioskSchema,
  type AgentToKiosk,
  type HallSessionView,
  type KioskToAgent,
  type WasteSessionView,
  type WasteStep,
} from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { waitFor } from '../harness/free-port.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { SimulatedStation, type StationDevice } from '../harness/station.ts';

/**
 * What the flow suites' station rigs share: a temp dir holding a real
 * Mosquitto, the reference central trusted by the station, and the real
 * agent with simulators (`SimulatedStation`); the agent's database to read,
 * a kiosk WebSocket on its /ws, and one stop for all of it.
 */

export interface StationRigOptions {
  stationId: string;
  /** Prefix of the temp dir. */
  dirPrefix: string;
  devices: readonly StationDevice[];
  /** Another role than the harness's default `waste`. */
  role?: 'hall' | 'both';
  /** Enable the central's modules (they must be on before it starts). */
  configureCentral?: (central: ReferenceCentral) => void;
  /** Files the station needs before the agent's first start (e.g. its district key), by the station's dir. */
  prepareStation?: (stationDir: string) => void;
  /** Environment of the agent, by the rig's dir. */
  agentEnv?: (dir: string) => Record<string, string>;
}

export interface StationRigParts {
  dir: string;
  stationId: string;
  broker: MosquittoBroker;
  central: ReferenceCentral;
  station: SimulatedStation;
}

/** Start the parts; whatever started is stopped again if a later part fails. */
export async function startStationRig(options: StationRigOptions): Promise<StationRigParts> {
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
  const stationDir = join(dir, 'station');
  mkdirSync(stationDir, { recursive: true });
  options.prepareStation?.(stationDir);
  const broker = await startMosquitto();
  const central = new ReferenceCentral({ url: broker.url, clientId: `central-${options.stationId}` });
  options.configureCentral?.(central);
  let station: SimulatedStation | null = null;
  try {
    await central.start();
    station = await SimulatedStation.start({
      dir: stationDir,
      stationId: options.stationId,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
      devices: options.devices,
      ...(options.role ? { role: options.role } : {}),
      ...(options.agentEnv ? { agentEnv: options.agentEnv(dir) } : {}),
    });
  } catch (error) {
    await station?.stop();
    await central.stop();
    await broker.dispose();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, stationId: options.stationId, broker, central, station };
}

export abstract class StationRig {
  kiosk: KioskSocket | null = null;
  readonly dir: string;
  readonly stationId: string;
  readonly broker: MosquittoBroker;
  readonly central: ReferenceCentral;
  readonly station: SimulatedStation;

  protected constructor(parts: StationRigParts) {
    this.dir = parts.dir;
    this.stationId = parts.stationId;
    this.broker = parts.broker;
    this.central = parts.central;
    this.station = parts.station;
  }

  async connectKiosk(): Promise<KioskSocket> {
    const token = readFileSync(join(this.dir, 'station', 'api-token'), 'utf8').trim();
    this.kiosk = await KioskSocket.open(this.station.agent!.apiUrl, token);
    return this.kiosk;
  }

  /** The hall session the kiosk last heard of. */
  hallSession(): HallSessionView | null {
    const last = this.kiosk?.messages.findLast((message) => message.type === 'hall.session');
    return last?.type === 'hall.session' ? last.session : null;
  }

  /** Rows of the agent's database, read-only (the agent keeps writing). */
  query<T>(sql: string, ...params: unknown[]): T[] {
    const db = new Database(this.station.databaseFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    await this.kiosk?.close();
    await this.station.stop();
    await this.central.stop();
    await this.broker.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Card bindings are not retained: publish again until the agent, once
   * subscribed, has stored the sync documents of `kinds`.
   */
  protected async publishUntilStored(
    kinds: readonly string[],
    publish: () => Promise<unknown>,
  ): Promise<void> {
    const marks = kinds.map(() => '?').join(', ');
    const stored = () =>
      this.query<{ n: number }>(
        `SELECT count(*) AS n FROM sync_documents WHERE kind IN (${marks})`,
        ...kinds,
      )[0]?.n === kinds.length;
    const what = `the agent to store the sync documents ${kinds.join(', ')}`;
    for (let attempt = 0; !stored(); attempt++) {
      if (attempt === 20) throw new Error(`timed out waiting for ${what}`);
      await publish();
      await waitFor(stored, what, 1_000).catch(() => false);
    }
  }
}

/** The kiosk's side of the local API: every message it got, and intents to send. */
export class KioskSocket {
  readonly messages: AgentToKiosk[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) =>
      this.messages.push(agentToKioskSchema.parse(JSON.parse(data.toString('utf8')))),
    );
  }

  static open(apiUrl: string, token: string): Promise<KioskSocket> {
    const socket = new WebSocket(`${apiUrl.replace(/^http/, 'ws')}/ws`, {
      headers: { origin: apiUrl, cookie: `${API_TOKEN_COOKIE}=${token}` },
    });
    const kiosk = new KioskSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(kiosk));
      socket.once('error', reject);
    });
  }

  send(intent: KioskToAgent): void {
    this.socket.send(JSON.stringify(intent));
  }

  session(): WasteSessionView | null {
    const last = this.messages.findLast((message) => message.type === 'waste.session');
    return last?.type === 'waste.session' ? last.session : null;
  }

  untilStep(step: WasteStep, timeoutMs = 30_000): Promise<WasteSessionView> {
    return waitFor(
      () => (this.session()?.step === step ? this.session() : null),
      `the ${step} step`,
      timeoutMs,
    );
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }
}
