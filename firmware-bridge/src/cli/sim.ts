import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { err, ok, type Disposer, type Result } from '@yaofang/shared/result';
import type { DeviceKind, SimReply, Simulator } from '../device.ts';
import { DEVICE_KINDS } from '../registry.ts';
import { SimulatorControlServer } from '../sim/control-server.ts';
import { SerialTransport } from '../transport/serial.ts';
import { deviceOption, numberOption, required, tryParse, type Command } from './args.ts';
import {
  EXIT_OK,
  errorMessage,
  nextStopSignal,
  runFailure,
  usageFailure,
  type CliFailure,
  type CliIo,
} from './io.ts';
import { panelActions } from './panel-actions.ts';
import { openPtyLink, waitConnected } from './pty-link.ts';

const USAGE = `Usage: yaofang-bridge sim --device KIND [--format F] --link PATH [--control-port N] [--no-stdin]

Run a device simulator on a pseudo-terminal: a driver or a technician opens
PATH exactly as it would open /dev/ttyUSB0.

  --device KIND       device kind with a simulator (yaofang-bridge --help lists them)
  --format F          the kind's wire format, where it has several
  --link PATH         symlink to create for the driver's end (removed on exit)
  --control-port N    HTTP control port on 127.0.0.1 (default: a free one);
                      GET / is a panel, POST /api/sims/KIND/control takes a command
  --no-stdin          ignore stdin (for running as a service); stop with a signal

Prints {"ready":true,"link":…,"control":"http://127.0.0.1:…"} when ready.
Reads commands from stdin, one a line (e.g. "tap 0F0030C2A4", "weight 1.25",
"state"), and prints each reply as JSON. Ctrl-C, SIGTERM or end of stdin stops.
`;

/** Feed stdin lines to the simulator in order; resolves at end of input. */
function controlFromStdin(io: CliIo, simulator: Simulator): { ended: Promise<void>; close: Disposer } {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  let queue = Promise.resolve();
  const ended = new Promise<void>((resolve) => {
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      queue = queue.then(async () => {
        const reply: SimReply = await simulator
          .control(line)
          .catch((error: unknown) => ({ ok: false, error: errorMessage(error) }) as const);
        io.stdout.write(`${JSON.stringify(reply)}\n`);
      });
    });
    lines.once('close', () => void queue.then(resolve));
  });
  return { ended, close: () => lines.close() };
}

type SimulatedKind = DeviceKind & Required<Pick<DeviceKind, 'createSimulator'>>;
const hasSimulator = (kind: DeviceKind): kind is SimulatedKind => kind.createSimulator !== undefined;

interface SimOptions {
  kind: SimulatedKind;
  format: string | undefined;
  link: string;
  controlPort: number;
  readStdin: boolean;
}

function parseSimArgs(args: string[]): Result<SimOptions, CliFailure> {
  const parsed = tryParse(() =>
    parseArgs({
      args,
      options: {
        device: { type: 'string', short: 'd' },
        format: { type: 'string', short: 'f' },
        link: { type: 'string' },
        'control-port': { type: 'string' },
        'no-stdin': { type: 'boolean' },
      },
      allowPositionals: false,
      strict: true,
    }),
  );
  if (!parsed.ok) return parsed;
  const { values } = parsed.value;
  const device = deviceOption(values.device, values.format);
  if (!device.ok) return device;
  const { kind, format } = device.value;
  if (!hasSimulator(kind)) {
    const simulated = DEVICE_KINDS.filter(hasSimulator).map((k) => k.kind);
    return err(usageFailure(`${kind.kind} has no simulator; kinds with one: ${simulated.join(', ')}`));
  }
  const link = required(values.link, '--link PATH');
  if (!link.ok) return link;
  const controlPort = numberOption(values['control-port'], '--control-port', {
    min: 0,
    max: 65535,
    integer: true,
    fallback: 0,
  });
  if (!controlPort.ok) return controlPort;
  return ok({
    kind,
    format,
    link: link.value,
    controlPort: controlPort.value,
    readStdin: values['no-stdin'] !== true,
  });
}

/** Run the simulator on `devicePath` until `stopped` (or end of stdin). */
async function serve(
  options: SimOptions,
  link: string,
  devicePath: string,
  stopped: Promise<unknown>,
  io: CliIo,
): Promise<number | CliFailure> {
  const { kind, format } = options;
  const transport = new SerialTransport({
    path: devicePath,
    ...kind.serial,
    baudRate: kind.serial?.baudRate ?? 9600,
  });
  const simulator = kind.createSimulator(transport, format);
  const server = new SimulatorControlServer([
    {
      name: kind.kind,
      title: `${kind.kind}: ${kind.description}`,
      simulator,
      actions: panelActions(kind.kind),
    },
  ]);
  let stdin: { ended: Promise<void>; close: Disposer } | null = null;
  try {
    simulator.start();
    const connected = await waitConnected(transport);
    if (!connected.ok) return connected.error;
    let url: string;
    try {
      url = await server.start(options.controlPort);
    } catch (error) {
      return runFailure(`cannot listen on 127.0.0.1:${options.controlPort}: ${errorMessage(error)}`);
    }
    io.stdout.write(
      `${JSON.stringify({ ready: true, device: kind.kind, format: format ?? null, link, control: url })}\n`,
    );
    io.stderr.write(
      `${kind.kind} simulator: open ${link}; panel ${url}/\n` +
        (options.readStdin
          ? 'type a command ("state", …); Ctrl-D or Ctrl-C stops\n'
          : 'stop with Ctrl-C or SIGTERM\n'),
    );
    stdin = options.readStdin ? controlFromStdin(io, simulator) : null;
    await Promise.race([stopped, ...(stdin ? [stdin.ended] : [])]);
    return EXIT_OK;
  } finally {
    stdin?.close();
    await server.stop();
    await simulator.stop();
  }
}

async function run(args: string[], io: CliIo): Promise<number | CliFailure> {
  const options = parseSimArgs(args);
  if (!options.ok) return options.error;
  // Listen for signals before socat exists, so an early Ctrl-C still cleans up.
  const stop = nextStopSignal(io);
  try {
    const ptyLink = await openPtyLink(options.value.link);
    if (!ptyLink.ok) return ptyLink.error;
    try {
      return await serve(options.value, ptyLink.value.link, ptyLink.value.devicePath, stop.stopped, io);
    } finally {
      await ptyLink.value.close();
    }
  } finally {
    stop.dispose();
  }
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'run a device simulator on a pty linked at PATH, with an HTTP control port',
  usage: USAGE,
  run,
};
