import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Em4100Simulator,
  SerialTransport,
  SimulatorControlServer,
  startPtyPair,
  type PtyPair,
} from '@yaofang/firmware-bridge';
import { ManagedProcess } from './process.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const AGENT_BIN = join(REPO_ROOT, 'edge-agent/bin/yaofang-edge.mjs');
export const KIOSK_DIR = join(REPO_ROOT, 'kiosk/dist/renderer');

/** Synthetic card UIDs of the demo and tests (not anyone's card). */
export const DEMO_CARDS = ['0F0030C2A4', '1A2B3C4D5E', '00DEADBEEF'] as const;

export interface StationOptions {
  /** Everything of this station lives here: database, key, token, ptys, config. */
  dir: string;
  stationId: string;
  mqttUrl: string;
  /** Port for the local API; 0 picks a free one. */
  apiPort?: number;
  /** `YF_FAILPOINT` for the agent (fault tests). */
  failpoint?: string;
  /** MQTT protocol: 5 (default) or 4 = 3.1.1 (aedes, the demo's embedded broker, speaks 3.1.1 only). */
  mqttProtocol?: 4 | 5;
  /** The central platform's public key (PEM) the agent trusts; without it signed commands and sync are ignored. */
  centralPublicKeyPem?: string;
  /** Echo the agent's output to this process's stdout (demo). */
  echo?: boolean;
}

export interface AgentHandle {
  process: ManagedProcess;
  apiUrl: string;
  /** The kiosk URL with the token: opening it logs the browser in. */
  kioskUrl: string;
}

/**
 * One simulated station: the reader simulator on a socat pty, its control
 * panel, and the real edge-agent CLI as a child process whose config points
 * at the pty. Used by the demo and by every end-to-end test.
 */
export class SimulatedStation {
  pty: PtyPair | null = null;
  readonly reader: Em4100Simulator;
  readonly panel: SimulatorControlServer;
  panelUrl = '';
  agent: AgentHandle | null = null;
  readonly configFile: string;
  readonly databaseFile: string;

  private constructor(private readonly options: StationOptions) {
    mkdirSync(join(options.dir, 'dev'), { recursive: true });
    this.configFile = join(options.dir, 'station.json');
    this.databaseFile = join(options.dir, 'edge.sqlite');
    this.reader = new Em4100Simulator(
      new SerialTransport({
        path: join(options.dir, 'dev/reader-sim'),
        baudRate: 9600,
        reconnectBaseMs: 50,
        reconnectCapMs: 500,
      }),
    );
    this.panel = new SimulatorControlServer([
      {
        name: 'reader',
        title: 'RFID reader (EM4100)',
        simulator: this.reader,
        actions: DEMO_CARDS.map((uid, i) => ({ label: `Tap card ${i + 1}`, line: `tap ${uid}` })),
      },
    ]);
  }

  static async start(options: StationOptions): Promise<SimulatedStation> {
    const station = new SimulatedStation(options);
    try {
      station.writeFiles();
      station.pty = await startPtyPair(
        join(options.dir, 'dev/reader-sim'),
        join(options.dir, 'dev/ttyRFID0'),
      );
      station.reader.start();
      station.panelUrl = await station.panel.start();
      await station.startAgent();
      return station;
    } catch (error) {
      await station.stop();
      throw error;
    }
  }

  /** Start (or restart) the agent process and wait until it is ready. */
  async startAgent(
    overrides: { failpoint?: string | undefined; env?: Record<string, string> } = {},
  ): Promise<AgentHandle> {
    const failpoint = 'failpoint' in overrides ? overrides.failpoint : this.options.failpoint;
    const process = new ManagedProcess('node', [AGENT_BIN, 'run', '--config', this.configFile], {
      env: {
        ...globalThis.process.env,
        ...(failpoint ? { YF_FAILPOINT: failpoint } : {}),
        MQTT_URL: this.options.mqttUrl,
        ...overrides.env,
      },
      echo: this.options.echo ?? false,
    });
    try {
      const line = await process.waitForLine((l) => l.includes('"agent ready"'), 'agent ready', 30_000);
      const { apiUrl } = JSON.parse(line) as { apiUrl: string };
      const token = readFileSync(join(this.options.dir, 'api-token'), 'utf8').trim();
      this.agent = { process, apiUrl, kioskUrl: `${apiUrl}/?token=${token}` };
      return this.agent;
    } catch (error) {
      await process.stop();
      throw error;
    }
  }

  async stopAgent(): Promise<void> {
    await this.agent?.process.stop();
    this.agent = null;
  }

  async stop(): Promise<void> {
    await this.stopAgent();
    await this.panel.stop();
    await this.reader.stop();
    await this.pty?.stop();
    this.pty = null;
  }

  private writeFiles(): void {
    const keyFile = join(this.options.dir, 'district.key');
    if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const centralKey = this.options.centralPublicKeyPem;
    if (centralKey) writeFileSync(join(this.options.dir, 'central.pub.pem'), centralKey);
    const config = {
      stationId: this.options.stationId,
      role: 'waste',
      dataDir: '.',
      districtKeyFile: 'district.key',
      ...(centralKey ? { centralPublicKeyFile: 'central.pub.pem' } : {}),
      mqtt: {
        url: this.options.mqttUrl,
        protocolVersion: this.options.mqttProtocol ?? 5,
        reconnectBaseMs: 100,
        reconnectCapMs: 2000,
      },
      api: { host: '127.0.0.1', port: this.options.apiPort ?? 0, kioskDir: KIOSK_DIR },
      devices: [{ kind: 'rfid-em4100', id: 'reader-1', transport: { type: 'serial', path: 'dev/ttyRFID0' } }],
      log: { level: 'info' },
    };
    writeFileSync(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }

  districtKey(): Buffer {
    return Buffer.from(readFileSync(join(this.options.dir, 'district.key'), 'utf8').trim(), 'hex');
  }
}
