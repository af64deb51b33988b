// `npm start`: a whole station on this machine with nothing external —
// an embedded MQTT broker (unless MQTT_URL is set), the reference central,
// the card reader simulator on a virtual serial port with its panel, the real
// edge-agent, and the kiosk UI (Electron where its binary is installed,
// otherwise a URL to open in a browser). Ctrl-C stops everything it started.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { startEmbeddedBroker, type EmbeddedBroker } from '../test/harness/embedded-broker.ts';
import { REPO_ROOT, SimulatedStation } from '../test/harness/station.ts';
import { ManagedProcess } from '../test/harness/process.ts';
import { ReferenceCentral } from '../test/central-sim/central.ts';

const dataDir = join(REPO_ROOT, 'data/demo');
const stationId = process.env.YF_STATION_ID ?? 'DEMO-0001';

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
  const central = new ReferenceCentral({ url: mqttUrl, clientId: 'yf-demo-central', protocolVersion });
  await central.start();
  stops.push(() => central.stop());
  central.onApplied((station, envelope) =>
    process.stdout.write(`central: applied ${station} seq ${envelope.seq} ${envelope.type}\n`),
  );

  const station = await SimulatedStation.start({
    dir: dataDir,
    stationId,
    mqttUrl,
    mqttProtocol: protocolVersion,
    apiPort: Number(process.env.YF_API_PORT ?? 0),
  });
  stops.push(() => station.stop());
  const agent = station.agent!;

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
      `  simulator panel ${station.panelUrl}  ← tap a card here`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  console.error(`demo failed to start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
