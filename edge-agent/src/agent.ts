import { flowClock } from './test-clock.ts';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AgentToKiosk } from '@yaofang/shared';
import type { AgentConfig } from './config/schema.ts';
import { openDatabase } from './store/database.ts';
import { KeyValue } from './store/kv.ts';
import { Outbox } from './store/outbox.ts';
import { Uplink } from './uplink/uplink.ts';
import { LocalApi } from './local-api/server.ts';
import { Devices } from './devices/devices.ts';
import { noteIdCardReads, recordCardPresentations } from './devices/device-events.ts';
import { DeviceSupervisor } from './devices/supervisor.ts';
import { deviceCommandHandlers } from './commands/device-handlers.ts';
import { TelemetryPublisher } from './telemetry.ts';
import { CentralLink } from './central-link.ts';
import { loadPublicKey } from '@yaofang/shared';
import { applyCapacity } from './store/capacity.ts';
import { WasteStation } from './flows/waste/waste-station.ts';
import { HallFlow } from './flows/hall/hall-flow.ts';
import { wasteReceipt } from '@yaofang/shared/waste-receipt';
import { TechnicianMode, withoutCredentials } from './technician/technician-mode.ts';

export const AGENT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface RunningAgent {
  /** Base URL of the local API, e.g. `http://127.0.0.1:7400`. */
  apiUrl: string;
  /** URL that opens the kiosk UI with the token (printed for browser mode). */
  kioskUrl: string;
  stop(): Promise<void>;
}

export class AgentStartError extends Error {}

export interface AgentHooks {
  /** A technician asked for a restart: stop the agent and exit so the service manager starts it again. */
  onRestartRequested?: () => void;
}

/** Start everything one terminal runs, in dependency order. */
export async function startAgent(
  config: AgentConfig,
  log: Logger,
  hooks: AgentHooks = {},
): Promise<RunningAgent> {
  const districtKey = readSecret(config.districtKeyFile, 'districtKeyFile');
  const token = loadOrCreateToken(config.api.tokenFile ?? join(config.dataDir, 'api-token'));

  const db = openDatabase(join(config.dataDir, 'edge.sqlite'));
  const kv = new KeyValue(db);
  const bootCount = db.transaction(() => {
    const next = kv.getNumber('agent.bootCount', 0) + 1;
    kv.set('agent.bootCount', String(next));
    return next;
  })();
  const outbox = new Outbox(db, config.stationId);
  applyCapacity(db, config.store.maxBytes);
  const centralPublicKey = config.centralPublicKeyFile
    ? loadPublicKey(readSecretFile(config.centralPublicKeyFile, 'centralPublicKeyFile'))
    : null;

  const uplink = new Uplink(
    outbox,
    {
      url: config.mqtt.url,
      stationId: config.stationId,
      clientId: config.mqtt.clientId ?? `yf-edge-${config.stationId}`,
      version: AGENT_VERSION,
      bootCount,
      protocolVersion: config.mqtt.protocolVersion,
      keepaliveSeconds: config.mqtt.keepaliveSeconds,
      inflightWindow: config.mqtt.inflightWindow,
      reconnectBaseMs: config.mqtt.reconnectBaseMs,
      reconnectCapMs: config.mqtt.reconnectCapMs,
      tls: readTls(config),
    },
    log.child({ module: 'uplink' }),
  );

  // Created once the devices and the supervisor run; the API's callbacks reach it from then on.
  let waste: WasteStation | null = null;
  let hall: HallFlow | null = null;
  let technician: TechnicianMode | null = null;
  const uplinkMessage = (): AgentToKiosk => {
    const status = uplink.status();
    return { type: 'uplink', connected: status.connected, backlog: status.backlog };
  };
  const api = new LocalApi({
    host: config.api.host,
    port: config.api.port,
    token,
    ...(config.api.kioskDir ? { kioskDir: config.api.kioskDir } : {}),
    greeting: () => [
      { type: 'hello', station: config.stationId, version: AGENT_VERSION },
      uplinkMessage(),
      ...(waste?.greeting() ?? []),
      ...(hall?.greeting() ?? []),
      ...(technician?.greeting() ?? []),
    ],
    onIntent: (intent) => {
      if (technician?.intent(intent)) return;
      waste?.intent(intent);
      hall?.intent(intent);
    },
    log: log.child({ module: 'local-api' }),
  });
  const apiUrl = await api.start();
  uplink.onStatus(() => api.broadcast(uplinkMessage()));
  // Devices start before the central link, whose commands act on them; a
  // device that cannot open keeps retrying and shows as disconnected.
  const devices = Devices.start({ devices: config.devices, log: log.child({ module: 'devices' }) });
  const stopCards = recordCardPresentations({
    readers: devices.cardReaders,
    districtKey,
    db,
    outbox,
    onEventWritten: () => uplink.kick(),
    broadcast: (message) => api.broadcast(message),
    // On a 'both' station a tap belongs to the hall while it has a session, else to the waste flow.
    onCardKey: (key) => {
      // Technician mode takes every tap while it is on, and a technician card when no resident is signed in.
      if (technician?.cardPresented(key, Boolean(hall?.active() || waste?.active()))) return;
      if (hall && (hall.active() || !waste)) hall.cardPresented(key);
      else waste?.cardPresented(key);
    },
    log,
  });
  const hallRole = config.role === 'hall' || config.role === 'both';
  // While a technician is at the kiosk, an ID card does not sign a resident in behind the maintenance pages.
  const idCards = devices.idCardReader;
  const residentIdCards = idCards && {
    onEvent: (listener: Parameters<typeof idCards.onEvent>[0]) =>
      idCards.onEvent((event) => {
        if (!technician?.active()) listener(event);
      }),
  };
  // The hall flow takes ID card reads over; elsewhere a read is only noted, masked.
  const stopIdCards =
    devices.idCardReader && !hallRole
      ? noteIdCardReads(devices.idCardReader, log.child({ module: 'idcard' }))
      : () => undefined;

  const central = new CentralLink({
    db,
    outbox,
    uplink,
    stationId: config.stationId,
    centralPublicKey,
    commandSkewToleranceMs: config.commands.skewToleranceSeconds * 1000,
    extraHandlers: (store) =>
      deviceCommandHandlers({
        devices,
        store,
        logFile: config.log.file,
        log: log.child({ module: 'commands' }),
      }),
    log,
  });
  central.start();
  uplink.start();

  const supervisor = new DeviceSupervisor({
    devices: devices.all,
    outbox,
    log: log.child({ module: 'devices' }),
    onEventWritten: () => uplink.kick(),
  });
  supervisor.start();
  const telemetry = new TelemetryPublisher({
    link: uplink,
    stationId: config.stationId,
    intervalMs: config.telemetry.intervalSeconds * 1000,
    uplinkStatus: () => uplink.status(),
    devices: () => supervisor.summary(),
    log: log.child({ module: 'telemetry' }),
  });
  telemetry.start();

  if (config.role === 'waste' || config.role === 'both') {
    waste = new WasteStation({
      role: config.role,
      stationId: config.stationId,
      db,
      outbox,
      sync: central.store,
      bin: devices.bin,
      scale: devices.scale,
      printer: devices.printer,
      // On a 'both' station the ID card signs in at the hall.
      idCardReader: config.role === 'waste' ? residentIdCards : undefined,
      districtKey,
      faults: () =>
        Object.entries(supervisor.summary())
          .filter(([, device]) => device.state !== 'connected')
          .map(([device, { kind, state }]) => ({ device, kind, code: state })),
      broadcast: (message) => api.broadcast(message),
      onEventWritten: () => uplink.kick(),
      buildReceipt: wasteReceipt,
      log: log.child({ module: 'waste' }),
    });
    waste.start();
  }
  if (hallRole) {
    hall = new HallFlow({
      stationId: config.stationId,
      db,
      outbox,
      sync: central.store,
      requests: central.requests,
      uplink,
      printer: devices.printer,
      idCardReader: residentIdCards,
      districtKey,
      now: flowClock(),
      broadcast: (message) => api.broadcast(message),
      onEventWritten: () => uplink.kick(),
      log: log.child({ module: 'hall' }),
    });
    hall.start();
  }
  technician = new TechnicianMode({
    db,
    outbox,
    devices,
    stationId: config.stationId,
    version: AGENT_VERSION,
    config: config.technician,
    logFile: config.log.file,
    isTechnicianCard: (key) => central.store.cardBinding(key)?.kind === 'technician',
    uplinkStatus: () => uplink.status(),
    brokerUrl: withoutCredentials(config.mqtt.url),
    now: flowClock(),
    broadcast: (message) => api.broadcast(message),
    onEventWritten: () => uplink.kick(),
    restartAgent: () => {
      if (hooks.onRestartRequested) hooks.onRestartRequested();
      else log.warn('agent restart requested, but this agent runs without a service manager hook');
    },
    log: log.child({ module: 'technician' }),
  });
  const stopHealthWatch = devices.all.map((device) => device.onHealth(() => waste?.refresh()));

  // Confirmed events are kept for a while for the technician's eyes, then pruned.
  const prune = () => {
    const removed = outbox.pruneConfirmed(Date.now() - config.store.retentionDays * 86_400_000);
    if (removed > 0) log.info({ removed }, 'pruned confirmed outbox rows');
    const forgotten = central.prune();
    if (forgotten > 0) log.info({ forgotten }, 'pruned long-expired commands');
  };
  prune();
  const maintenance = setInterval(prune, 3_600_000);
  maintenance.unref();

  log.info({ apiUrl, station: config.stationId, bootCount, backlog: outbox.backlog() }, 'agent ready');
  return {
    apiUrl,
    kioskUrl: `${apiUrl}/?token=${token}`,
    stop: async () => {
      clearInterval(maintenance);
      stopHealthWatch.forEach((dispose) => dispose());
      technician?.stop();
      waste?.stop();
      hall?.stop();
      telemetry.stop();
      supervisor.stop();
      stopCards();
      stopIdCards();
      await api.stop();
      // Commands still running finish before the devices they use go away.
      await central.stop();
      await devices.stop();
      await uplink.stop();
      db.close();
    },
  };
}

function readSecret(file: string, key: string): Buffer {
  if (!existsSync(file)) {
    throw new AgentStartError(
      `${key}: file ${file} does not exist; put the district key there (32 random bytes, hex or raw)`,
    );
  }
  const raw = readFileSync(file);
  const text = raw.toString('utf8').trim();
  const key32 = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : raw;
  if (key32.length < 16)
    throw new AgentStartError(
      `${key}: ${file} holds ${key32.length} bytes; a district key needs at least 16`,
    );
  return key32;
}

function readSecretFile(file: string, key: string): Buffer {
  if (!existsSync(file))
    throw new AgentStartError(`${key}: file ${file} does not exist; copy the key file there or fix the path`);
  return readFileSync(file);
}

function loadOrCreateToken(file: string): string {
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 32) return token;
  }
  const token = randomBytes(32).toString('hex');
  writeFileSync(file, `${token}\n`, { mode: 0o640 });
  chmodSync(file, 0o640);
  return token;
}

function readTls(
  config: AgentConfig,
): { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized: boolean } | undefined {
  const tls = config.mqtt.tls;
  if (!tls) return undefined;
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    ...(tls.certFile ? { cert: readFileSync(tls.certFile) } : {}),
    ...(tls.keyFile ? { key: readFileSync(tls.keyFile) } : {}),
  };
}
