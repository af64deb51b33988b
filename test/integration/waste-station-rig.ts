import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import WebSocket from 'ws';
import {
  API_TOKEN_COOKIE,
  agentToKioskSchema,
  cardKey,
  type AgentToKiosk,
  type EventEnvelope,
  type KioskToAgent,
  type WasteSessionView,
  type WasteStep,
} from '@yaofang/shared';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

/**
 * A waste station for the waste-flow integration suites: real Mosquitto, the
 * reference central trusted by the station, the real agent with the EM4100
 * reader, scale, bin and printer simulators, the rules and one resident's
 * card published by the central, and a kiosk WebSocket on the agent's /ws.
 */

export const RESIDENT_KEY = 'c'.repeat(64);
export const HOUSEHOLD = 'HH-000207';
export const CARD_UID = DEMO_CARDS[0];
/** The scale carries the bin and what is already in it. */
export const BIN_GROSS_GRAMS = 10_000;

export class WasteStationRig {
  readonly applied: EventEnvelope[] = [];
  kiosk: KioskSocket | null = null;

  private constructor(
    readonly dir: string,
    readonly stationId: string,
    readonly broker: MosquittoBroker,
    readonly central: ReferenceCentral,
    readonly station: SimulatedStation,
  ) {}

  static async start(stationId: string): Promise<WasteStationRig> {
    const dir = mkdtempSync(join(tmpdir(), 'yf-waste-'));
    const broker = await startMosquitto();
    const central = new ReferenceCentral({ url: broker.url, clientId: `central-${stationId}` });
    let station: SimulatedStation | null = null;
    try {
      await central.start();
      station = await SimulatedStation.start({
        dir: join(dir, 'station'),
        stationId,
        mqttUrl: broker.url,
        centralPublicKeyPem: central.publicKeyPem,
        devices: ['em4100', 'scale', 'bin', 'printer'],
      });
    } catch (error) {
      await central.stop();
      await broker.dispose();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const rig = new WasteStationRig(dir, stationId, broker, central, station);
    central.onApplied((_station, envelope) => rig.applied.push(envelope));
    return rig;
  }

  /** Kitchen waste open all day (so the test does not depend on the hour), and the resident's card. */
  async publishRulesAndCard(): Promise<void> {
    const { kitchen } = DEFAULT_WASTE_RULES.categories;
    await this.central.publishRules(
      {
        ...DEFAULT_WASTE_RULES,
        version: 5,
        categories: { ...DEFAULT_WASTE_RULES.categories, kitchen: { ...kitchen, windows: [] } },
      },
      { station: this.stationId },
    );
    const binding = {
      cardKey: cardKey(this.station.districtKey(), CARD_UID),
      residentKey: RESIDENT_KEY,
      household: HOUSEHOLD,
      kind: 'resident' as const,
    };
    // Card bindings are not retained: publish again until the agent, once subscribed, has them.
    const stored = () =>
      this.query<{ n: number }>(
        "SELECT count(*) AS n FROM sync_documents WHERE kind IN ('rules', 'cards')",
      )[0]?.n === 2;
    for (let attempt = 0; !stored(); attempt++) {
      if (attempt === 20) throw new Error('the agent never stored the rules and the card binding');
      await this.central.publishCards(this.stationId, [binding]);
      await waitFor(stored, 'the rules and the card binding stored by the agent', 1_000).catch(() => false);
    }
  }

  async connectKiosk(): Promise<KioskSocket> {
    const token = readFileSync(join(this.dir, 'station', 'api-token'), 'utf8').trim();
    this.kiosk = await KioskSocket.open(this.station.agent!.apiUrl, token);
    return this.kiosk;
  }

  /** Rows of the agent's database, read-only (the agent keeps writing). */
  query<T>(sql: string): T[] {
    const db = new Database(this.station.databaseFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }

  deposits(): EventEnvelope[] {
    return this.applied.filter((envelope) => envelope.type === 'waste.deposited');
  }

  async stop(): Promise<void> {
    await this.kiosk?.close();
    await this.station.stop();
    await this.central.stop();
    await this.broker.dispose();
    rmSync(this.dir, { recursive: true, force: true });
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
