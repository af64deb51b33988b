import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cardKey, type EventEnvelope, type HallSessionView } from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { KioskSocket } from './waste-station-rig.ts';

/**
 * A hall station for the hall-flow integration suite: real Mosquitto, the
 * reference central trusted by the station, the real agent (role `hall`)
 * with the EM4100 reader, the ID card reader and the printer simulators, a
 * resident's RFID card published by the central, and a kiosk WebSocket.
 */

export const CARD_RESIDENT_KEY = 'd'.repeat(64);
export const CARD_UID = DEMO_CARDS[0];

export class HallStationRig {
  readonly applied: EventEnvelope[] = [];
  kiosk: KioskSocket | null = null;

  private constructor(
    readonly dir: string,
    readonly stationId: string,
    readonly broker: MosquittoBroker,
    readonly central: ReferenceCentral,
    readonly station: SimulatedStation,
  ) {}

  static async start(stationId: string): Promise<HallStationRig> {
    const dir = mkdtempSync(join(tmpdir(), 'yf-hall-'));
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
        devices: ['em4100', 'idcard', 'printer'],
      });
      // The harness writes a waste station; this one is a hall.
      await station.stopAgent();
      const config = JSON.parse(readFileSync(station.configFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(station.configFile, `${JSON.stringify({ ...config, role: 'hall' }, null, 2)}\n`);
      writeFileSync(join(dir, 'clock-offset-ms'), '0');
      await station.startAgent({ env: { YF_TEST_CLOCK_FILE: join(dir, 'clock-offset-ms') } });
    } catch (error) {
      await station?.stop();
      await central.stop();
      await broker.dispose();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const rig = new HallStationRig(dir, stationId, broker, central, station);
    central.onApplied((_station, envelope) => rig.applied.push(envelope));
    return rig;
  }

  /** The resident's RFID card, bound by the central (re-published until the agent stored it). */
  async publishCard(): Promise<void> {
    const binding = {
      cardKey: cardKey(this.station.districtKey(), CARD_UID),
      residentKey: CARD_RESIDENT_KEY,
      household: null,
      kind: 'resident' as const,
    };
    const stored = () =>
      this.query<{ n: number }>("SELECT count(*) AS n FROM sync_documents WHERE kind = 'cards'")[0]?.n === 1;
    for (let attempt = 0; !stored(); attempt++) {
      if (attempt === 20) throw new Error('the agent never stored the card binding');
      await this.central.publishCards(this.stationId, [binding]);
      await waitFor(stored, 'the card binding stored by the agent', 1_000).catch(() => false);
    }
  }

  /** Move the agent's flow clock forward (YF_TEST_CLOCK_FILE): a long service in a short test. */
  advanceClock(ms: number): void {
    writeFileSync(join(this.dir, 'clock-offset-ms'), String(ms));
  }

  async connectKiosk(): Promise<KioskSocket> {
    const token = readFileSync(join(this.dir, 'station', 'api-token'), 'utf8').trim();
    this.kiosk = await KioskSocket.open(this.station.agent!.apiUrl, token);
    return this.kiosk;
  }

  hallSession(): HallSessionView | null {
    const last = this.kiosk?.messages.findLast((message) => message.type === 'hall.session');
    return last?.type === 'hall.session' ? last.session : null;
  }

  untilSession(
    what: string,
    probe: (view: HallSessionView) => boolean,
    timeoutMs = 20_000,
  ): Promise<HallSessionView> {
    return waitFor(
      () => {
        const view = this.hallSession();
        return view && probe(view) ? view : null;
      },
      what,
      timeoutMs,
    );
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

  async stop(): Promise<void> {
    await this.kiosk?.close();
    await this.station.stop();
    await this.central.stop();
    await this.broker.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
