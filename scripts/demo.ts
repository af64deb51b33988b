// `npm start`: a whole station on this machine with nothing external —
// an embedded MQTT broker (unless MQTT_URL is set), the reference central
// (waste ledger, hall and time bank, its data under data/demo), every device
// simulator on a virtual serial port with its panel, the real edge-agent as a
// 'both' station (waste sorting + self-service hall), synthetic resident
// cards and a technician card, and the kiosk UI (Electron where its binary is
// installed, otherwise a URL to open in a browser). Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cardKey, type CardBinding } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import { startEmbeddedBroker, type EmbeddedBroker } from '../test/harness/embedded-broker.ts';
import { AGENT_BIN, DEMO_CARDS, REPO_ROOT, SimulatedStation } from '../test/harness/station.ts';
import { ManagedProcess } from '../test/harness/process.ts';
import { ReferenceCentral } from '../test/central-sim/central.ts';

const dataDir = join(REPO_ROOT, 'data/demo');
const stationId = process.env.YF_STATION_ID ?? 'DEMO-0001';
/** The demo technician's PIN (a demo only: a real terminal's PIN is the district's). */
const DEMO_PIN = '246810';
/** Synthetic residents: keyed hashes as the central platform would hold them, no real person behind them. */
const DEMO_RESIDENTS = [
  { residentKey: 'a0'.repeat(32), household: 'HH-DEMO-01' },
  { residentKey: 'b0'.repeat(32), household: 'HH-DEMO-02' },
] as const;

const stops: Array<() => Promise<void>> = [];
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\nstopping the demo…\n');
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

try {
  mkdirSync(dataDir, { recursive: true });
  let mqttUrl = process.env.MQTT_URL;
  // aedes speaks MQTT 3.1.1; a district broker gets MQTT 5.
  const protocolVersion = mqttUrl ? 5 : 4;
  if (!mqttUrl) {
    const broker: EmbeddedBroker = await startEmbeddedBroker();
    stops.push(() => broker.stop());
    mqttUrl = broker.url;
  }
  const central = new ReferenceCentral({
    url: mqttUrl,
    clientId: 'yf-demo-central',
    protocolVersion,
    // Persistent like the station's store, so a second `npm start` continues where the first stopped.
    dataFile: join(dataDir, 'central.sqlite'),
  });
  central.enableWasteLedger();
  central.enableHall();
  await central.start();
  stops.push(() => central.stop());
  central.onApplied((station, envelope) =>
    process.stdout.write(`central: applied ${station} seq ${envelope.seq} ${envelope.type}\n`),
  );

  const usbDir = join(dataDir, 'usb', 'DEMO-STICK');
  mkdirSync(usbDir, { recursive: true });
  const pinHash = execFileSync(process.execPath, [AGENT_BIN, 'hash-pin'], { input: DEMO_PIN })
    .toString()
    .trim();
  const station = await SimulatedStation.start({
    dir: dataDir,
    stationId,
    role: 'both',
    mqttUrl,
    mqttProtocol: protocolVersion,
    apiPort: Number(process.env.YF_API_PORT ?? 0),
    centralPublicKeyPem: central.publicKeyPem,
    devices: ['em4100', 'idcard', 'scale', 'printer', 'bin'],
    binCategories: ['kitchen', 'recyclable'],
    technician: { pinHash, exportRoots: [join(dataDir, 'usb')] },
    logToFile: true,
  });
  stops.push(() => station.stop());
  const agent = station.agent!;
  // The bin on the scale weighs 10 kg before anything is dropped.
  station.scale?.setGrams(10_000);

  await central.publishRules({ ...DEFAULT_WASTE_RULES, version: 1 }, { station: stationId });
  const bindings: CardBinding[] = [
    ...DEMO_RESIDENTS.map((resident, i) => ({
      cardKey: cardKey(station.districtKey(), DEMO_CARDS[i]!),
      ...resident,
      kind: 'resident' as const,
    })),
    {
      cardKey: cardKey(station.districtKey(), DEMO_CARDS[2]),
      residentKey: null,
      household: null,
      kind: 'technician',
    },
  ];
  // Card bindings are not retained: publish again once the agent has subscribed.
  await central.publishCards(stationId, bindings);
  setTimeout(() => void central.publishCards(stationId, bindings), 2_000).unref();

  const electron = electronBinary();
  if (electron) {
    const kiosk = new ManagedProcess(electron, [join(REPO_ROOT, 'kiosk/electron/dist/main.js')], {
      env: { ...process.env, YF_AGENT_URL: agent.apiUrl, YF_TOKEN_FILE: join(dataDir, 'api-token') },
      echo: true,
    });
    stops.push(() => kiosk.stop());
  }

  process.stdout.write(
    [
      '',
      'Yaofang demo station is running.',
      `  station         ${stationId} (data in ${dataDir})`,
      `  MQTT broker     ${mqttUrl}${process.env.MQTT_URL ? '' : ' (embedded)'}`,
      `  kiosk UI        ${agent.kioskUrl}${electron ? '  (also open in Electron)' : ''}`,
      `  simulator panel ${station.panelUrl}  ← tap a card, present an ID card, put weight on the scale`,
      `  cards           1 ${DEMO_CARDS[0]} and 2 ${DEMO_CARDS[1]}: residents; 3 ${DEMO_CARDS[2]}: technician, PIN ${DEMO_PIN}`,
      `  USB stick       ${usbDir} (technician log export)`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
