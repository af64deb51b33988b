// The reference central as a process:
//   tsx test/central-sim/main.ts --url mqtt://127.0.0.1:1883 --data FILE --key-dir DIR [--protocol 4|5] [--client-id ID]
// Prints one line starting "reference central ready" once it is subscribed.
import { parseArgs } from 'node:util';
import { ReferenceCentral } from './central.ts';
import { jsonLinesLog } from './central-log.ts';

const usage =
  'usage: tsx test/central-sim/main.ts --url mqtt://HOST:PORT --data FILE --key-dir DIR [--protocol 4|5] [--client-id ID]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      url: { type: 'string' },
      data: { type: 'string' },
      'key-dir': { type: 'string' },
      protocol: { type: 'string', default: '5' },
      'client-id': { type: 'string' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
const { url, data, protocol } = values;
const keyDir = values['key-dir'];
if (!url) fail('--url is required: the broker to connect to, e.g. mqtt://127.0.0.1:1883');
if (!data) fail('--data is required: the SQLite file that keeps the ledger across restarts');
if (!keyDir) fail('--key-dir is required: where the signing key pair is kept (created on first use)');
if (protocol !== '4' && protocol !== '5') fail(`--protocol must be 4 or 5, not ${protocol}`);

const central = new ReferenceCentral({
  url,
  dataFile: data,
  keyDir,
  protocolVersion: protocol === '4' ? 4 : 5,
  ...(values['client-id'] ? { clientId: values['client-id'] } : {}),
  log: jsonLinesLog,
});

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await central.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  await central.start();
} catch (error) {
  process.stderr.write(`reference central could not start: ${(error as Error).message}\n`);
  process.exit(1);
}
process.stdout.write(
  `reference central ready url=${url} data=${data} publicKey=${central.keys.publicKeyFile ?? '(memory)'}\n`,
);
