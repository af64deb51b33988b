import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BinSimulator,
  Em4100Simulator,
  EscPosSimulator,
  IdCardSimulator,
  scale,
  SerialTransport,
  SimulatorControlServer,
  startPtyPair,
  syntheticDeck,
  type ControlledSimulator,
  type PtyPair,
  type Simulator,
} from '@yaofang/firmware-bridge';
import { ManagedProcess } from './process.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const AGENT_BIN = join(REPO_ROOT, 'edge-agent/bin/yaofang-edge.mjs');
export const KIOSK_DIR = join(REPO_ROOT, 'kiosk/dist/renderer');

/** Synthetic card UIDs of the demo and tests (not anyone's card). */
export const DEMO_CARDS = ['0F0030C2A4', '1A2B3C4D5E', '00DEADBEEF'] as const;

/** The simulated devices a station can run, each on its own socat pty pair. */
export type StationDevice = 'em4100' | 'idcard' | 'scale' | 'printer' | 'bin';
export const ALL_STATION_DEVICES: readonly StationDevice[] = ['em4100', 'idcard', 'scale', 'printer', 'bin'];

/** The device ids the station writes into the agent's config. */
export const STATION_DEVICE_IDS: Record<StationDevice, string> = {
  em4100: 'reader-1',
  idcard: 'idcard-1',
  scale: 'scale-1',
  printer: 'printer-1',
  bin: 'bin-1',
};

/** Pty link names under `dev/`: the simulator opens the first, the agent the second. */
const PTY_NAMES: Record<StationDevice, { sim: string; host: string }> = {
  em4100: { sim: 'reader-sim', host: 'ttyRFID0' },
  idcard: { sim: 'idcard-sim', host: 'ttyIDCARD0' },
  scale: { sim: 'scale-sim', host: 'ttySCALE0' },
  printer: { sim: 'printer-sim', host: 'lp0' },
  bin: { sim: 'bin-sim', host: 'ttyBIN0' },
};

const BIN_COMPARTMENTS = 2;

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
  /** Waste category of each bin compartment (default kitchen, other). */
  binCategories?: readonly [string, string];
  /** Simulated devices to run and configure (default: the EM4100 reader only). */
  devices?: readonly StationDevice[];
  /** The agent logs to rotated files under `logs/` instead of stdout (what `logs.request` reads). */
  logToFile?: boolean;
  /** Telemetry interval of the agent (default: the agent's own, 60 s). */
  telemetryIntervalSeconds?: number;
  /** The scale's protocol: Yaohua tf0, streaming (default), or MT-SICS, which takes a zero command. */
  scaleProtocol?: 'tf0' | 'sics';
  /** The station's role (default `waste`). */
  role?: 'waste' | 'hall' | 'both';
  /** Extra environment of the agent process (e.g. `YF_TEST_CLOCK_FILE`). */
  agentEnv?: Record<string, string>;
  /** The `technician` section of the agent's config (PIN hash, export roots). */
  technician?: Record<string, unknown>;
}

export interface AgentHandle {
  process: ManagedProcess;
  apiUrl: string;
  /** The kiosk URL with the token: opening it logs the browser in. */
  kioskUrl: string;
}

/**
 * One simulated station: device simulators on socat ptys, their control
 * panel, and the real edge-agent CLI as a child process whose config points
 * at the ptys. Used by the demo and by every end-to-end test. By default only
 * the EM4100 reader runs; `devices` adds the ID card reader, the scale
 * (Yaohua tf0), the ESC/POS printer (as a device file) and the bin controller.
 */
export class SimulatedStation {
  /** The reader's pty pair (kept under this name for the existing tests). */
  pty: PtyPair | null = null;
  readonly ptys = new Map<StationDevice, PtyPair>();
  readonly reader: Em4100Simulator;
  readonly idcard: IdCardSimulator | null;
  readonly scale: scale.ScaleSimulatorBase | null;
  readonly printer: EscPosSimulator | null;
  readonly bin: BinSimulator | null;
  readonly panel: SimulatorControlServer;
  panelUrl = '';
  agent: AgentHandle | null = null;
  readonly configFile: string;
  readonly databaseFile: string;
  /** `log.file` of the agent when `logToFile`; pino-roll writes `agent.N.log` beside it. */
  readonly logFile: string | null;
  readonly devices: readonly StationDevice[];

  private constructor(private readonly options: StationOptions) {
    mkdirSync(join(options.dir, 'dev'), { recursive: true });
    this.configFile = join(options.dir, 'station.json');
    this.databaseFile = join(options.dir, 'edge.sqlite');
    this.logFile = options.logToFile ? join(options.dir, 'logs/agent.log') : null;
    this.devices = options.devices ?? ['em4100'];
    const has = (device: StationDevice) => this.devices.includes(device);
    this.reader = new Em4100Simulator(this.simTransport('em4100', 9600));
    this.idcard = has('idcard') ? new IdCardSimulator(this.simTransport('idcard', 115200)) : null;
    this.scale = !has('scale')
      ? null
      : options.scaleProtocol === 'sics'
        ? new scale.SicsSimulator(this.simTransport('scale', 9600))
        : new scale.ContinuousScaleSimulator(this.simTransport('scale', 9600), 'tf0');
    this.printer = has('printer') ? new EscPosSimulator(this.simTransport('printer', 9600)) : null;
    this.bin = has('bin')
      ? new BinSimulator(this.simTransport('bin', 9600), { unit: 1, compartments: BIN_COMPARTMENTS })
      : null;
    this.panel = new SimulatorControlServer(this.panelEntries());
  }

  static async start(options: StationOptions): Promise<SimulatedStation> {
    const station = new SimulatedStation(options);
    try {
      station.writeFiles();
      for (const device of station.devices) {
        await station.plug(device);
        station.simulator(device).start();
      }
      station.panelUrl = await station.panel.start();
      await station.startAgent();
      return station;
    } catch (error) {
      await station.stop();
      throw error;
    }
  }

  /** The simulator of one device (the panel's view of it). */
  simulator(device: StationDevice): Simulator {
    const sims: Record<StationDevice, Simulator | null> = {
      em4100: this.reader,
      idcard: this.idcard,
      scale: this.scale,
      printer: this.printer,
      bin: this.bin,
    };
    const sim = sims[device];
    if (!sim) throw new Error(`this station does not run the ${device} simulator; add it to options.devices`);
    return sim;
  }

  /** Pull the device's cable: its pty pair goes away, both ends see the port vanish. */
  async unplug(device: StationDevice): Promise<void> {
    const pair = this.ptys.get(device);
    this.ptys.delete(device);
    if (device === 'em4100') this.pty = null;
    await pair?.stop();
  }

  /** Plug it (back) in: a new pty pair at the same paths; both ends reopen by themselves. */
  async plug(device: StationDevice): Promise<void> {
    if (this.ptys.has(device)) return;
    const names = PTY_NAMES[device];
    const pair = await startPtyPair(this.devPath(names.sim), this.devPath(names.host));
    this.ptys.set(device, pair);
    if (device === 'em4100') this.pty = pair;
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
        ...this.options.agentEnv,
        ...overrides.env,
      },
      echo: this.options.echo ?? false,
    });
    try {
      const line = this.logFile
        ? await this.readyInLogFile(process, 30_000)
        : await process.waitForLine((l) => l.includes('"agent ready"'), 'agent ready', 30_000);
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
    for (const device of ALL_STATION_DEVICES) {
      if (device === 'em4100' || this.devices.includes(device)) await this.simulator(device).stop();
    }
    for (const device of [...this.ptys.keys()]) await this.unplug(device);
  }

  /** Every line the agent wrote to its log files so far (only with `logToFile`). */
  logText(): string {
    if (!this.logFile) return '';
    const dir = join(this.options.dir, 'logs');
    if (!existsSync(dir)) return '';
    return readdirSync(dir)
      .filter((name) => /^agent\..*log$/.test(name))
      .sort()
      .map((name) => readFileSync(join(dir, name), 'utf8'))
      .join('');
  }

  districtKey(): Buffer {
    return Buffer.from(readFileSync(join(this.options.dir, 'district.key'), 'utf8').trim(), 'hex');
  }

  private devPath(name: string): string {
    return join(this.options.dir, 'dev', name);
  }

  private simTransport(device: StationDevice, baudRate: number): SerialTransport {
    return new SerialTransport({
      path: this.devPath(PTY_NAMES[device].sim),
      baudRate,
      reconnectBaseMs: 50,
      reconnectCapMs: 500,
    });
  }

  /** The agent's ready line, from its log file: with `log.file` set it writes nothing to stdout. */
  private async readyInLogFile(process: ManagedProcess, timeoutMs: number): Promise<string> {
    const pid = `"pid":${process.child.pid}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logText()
        .split('\n')
        .find((l) => l.includes('"agent ready"') && l.includes(pid));
      if (line) return line;
      if (!process.running) {
        throw new Error(`agent exited before it was ready; output:\n${process.output.slice(-3000)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for agent ready in ${this.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private panelEntries(): ControlledSimulator[] {
    const entries: ControlledSimulator[] = [];
    if (this.devices.includes('em4100')) {
      entries.push({
        name: 'reader',
        title: 'RFID reader (EM4100)',
        simulator: this.reader,
        actions: DEMO_CARDS.map((uid, i) => ({ label: `Tap card ${i + 1}`, line: `tap ${uid}` })),
      });
    }
    if (this.idcard) {
      entries.push({
        name: 'idcard',
        title: 'ID card reader (GA 467, synthetic cards)',
        simulator: this.idcard,
        actions: [
          ...syntheticDeck().map((_, i) => ({ label: `Present ID card ${i}`, line: `present ${i}` })),
          { label: 'Lift card', line: 'remove' },
        ],
      });
    }
    if (this.scale) {
      entries.push({
        name: 'scale',
        title: 'Scale (Yaohua XK3190 tf0)',
        simulator: this.scale,
        actions: [
          { label: 'Put 1.25 kg', line: 'weight 1.25' },
          { label: 'Put 3.5 kg', line: 'weight 3.5' },
          { label: 'Empty', line: 'weight 0' },
          { label: 'Motion on', line: 'motion on' },
          { label: 'Motion off', line: 'motion off' },
        ],
      });
    }
    if (this.printer) {
      entries.push({
        name: 'printer',
        title: 'Receipt printer (ESC/POS)',
        simulator: this.printer,
        actions: [
          { label: 'Paper out', line: 'paper-out on' },
          { label: 'Paper in', line: 'paper-out off' },
          { label: 'Paper near end', line: 'near-end on' },
          { label: 'Cover open', line: 'cover-open on' },
          { label: 'Cover closed', line: 'cover-open off' },
          { label: 'Show receipts', line: 'receipts' },
        ],
      });
    }
    if (this.bin) {
      entries.push({
        name: 'bin',
        title: `Bin controller (Modbus, ${BIN_COMPARTMENTS} compartments)`,
        simulator: this.bin,
        actions: [
          ...Array.from({ length: BIN_COMPARTMENTS }, (_, i) => [
            { label: `Open lid ${i}`, line: `open ${i}` },
            { label: `Close lid ${i}`, line: `close ${i}` },
          ]).flat(),
          { label: 'Jam lid 0', line: 'jam 0 on' },
          { label: 'Free lid 0', line: 'jam 0 off' },
          { label: 'Fill 0 to 95%', line: 'fill 0 95' },
          { label: 'Smoke in 0', line: 'smoke 0 on' },
        ],
      });
    }
    return entries;
  }

  private writeFiles(): void {
    const keyFile = join(this.options.dir, 'district.key');
    if (!existsSync(keyFile)) writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
    const centralKey = this.options.centralPublicKeyPem;
    if (centralKey) writeFileSync(join(this.options.dir, 'central.pub.pem'), centralKey);
    const config = {
      stationId: this.options.stationId,
      role: this.options.role ?? 'waste',
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
      ...(this.options.telemetryIntervalSeconds
        ? { telemetry: { intervalSeconds: this.options.telemetryIntervalSeconds } }
        : {}),
      devices: this.devices.map((device) => deviceConfig(device, this.options)),
      ...(this.options.technician ? { technician: this.options.technician } : {}),
      log: { level: 'info', ...(this.logFile ? { file: 'logs/agent.log' } : {}) },
    };
    writeFileSync(this.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }
}

/** The agent's config entry for one simulated device (paths relative to the config file). */
function deviceConfig(
  device: StationDevice,
  { binCategories = ['kitchen', 'other'], scaleProtocol = 'tf0' }: StationOptions,
): Record<string, unknown> {
  const id = STATION_DEVICE_IDS[device];
  const path = `dev/${PTY_NAMES[device].host}`;
  switch (device) {
    case 'em4100':
      return { kind: 'rfid-em4100', id, transport: { type: 'serial', path } };
    case 'idcard':
      return { kind: 'idcard-ga467', id, transport: { type: 'serial', path } };
    case 'scale':
      return {
        kind: 'scale',
        id,
        transport: { type: 'serial', path },
        protocol: scaleProtocol === 'sics' ? 'sics' : 'xk3190-tf0',
      };
    case 'printer':
      // A USB printer's usblp node, here the host end of a pty.
      return { kind: 'printer-escpos', id, transport: { type: 'device-file', path } };
    case 'bin':
      return {
        kind: 'bin-modbus',
        id,
        transport: { type: 'serial', path },
        unit: 1,
        compartments: BIN_COMPARTMENTS,
        categories: binCategories,
      };
  }
}
