import { createWriteStream, type WriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SerialTransport } from '../transport/serial.ts';
import { numberOption, required, tryParse, type Command } from './args.ts';
import {
  EXIT_OK,
  errorMessage,
  nextStopSignal,
  runFailure,
  usageFailure,
  type CliFailure,
  type CliIo,
} from './io.ts';
import { waitConnected } from './pty-link.ts';
import { traceChunkLine, traceHeaderLine } from './trace.ts';

const USAGE = `Usage: yaofang-bridge capture --port PATH [--baud N] --out FILE [--duration S]

Record what a serial device sends, with timing, into a trace file that
"yaofang-bridge replay" plays back. The file is JSON Lines: a header
{"capture":1,"port":…,"baud":…,"startedAt":…} then one line per chunk
{"t":<ms since start>,"dir":"rx","hex":"02 30 46 …"}.

  --port PATH     serial port, e.g. /dev/ttyUSB0 (8N1)
  --baud N        baud rate (default 9600)
  --out FILE      trace file to write (replaced if it exists)
  --duration S    stop after S seconds (default: until Ctrl-C or SIGTERM)
`;

function openOut(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: 'w' });
    stream.once('open', () => resolve(stream));
    stream.once('error', reject);
  });
}

/** Flush and close; a stream that already failed has nothing left to flush. */
const closeOut = (stream: WriteStream) =>
  new Promise<void>((resolve) => {
    if (stream.destroyed) resolve();
    else stream.end(() => resolve());
  });

async function run(args: string[], io: CliIo): Promise<number | CliFailure> {
  const parsed = tryParse(() =>
    parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        baud: { type: 'string', short: 'b' },
        out: { type: 'string', short: 'o' },
        duration: { type: 'string' },
      },
      allowPositionals: false,
      strict: true,
    }),
  );
  if (!parsed.ok) return parsed.error;
  const { values } = parsed.value;
  const port = required(values.port, '--port PATH');
  if (!port.ok) return port.error;
  const outPath = required(values.out, '--out FILE');
  if (!outPath.ok) return outPath.error;
  const baud = numberOption(values.baud, '--baud', { min: 1, integer: true, fallback: 9600 });
  if (!baud.ok) return baud.error;
  const duration = numberOption(values.duration, '--duration', { min: 0, above: true, fallback: Infinity });
  if (!duration.ok) return duration.error;

  let out: WriteStream;
  try {
    out = await openOut(outPath.value);
  } catch (error) {
    return usageFailure(`cannot write --out ${outPath.value}: ${errorMessage(error)}`);
  }
  // Listened for from the start: a failed write (disk full…) ends the capture, not the process.
  const writeFailed = new Promise<Error>((resolve) => out.once('error', resolve));
  const transport = new SerialTransport({ path: port.value, baudRate: baud.value });
  const stop = nextStopSignal(io);
  let startedAt: number | null = null;
  let chunks = 0;
  let bytes = 0;
  const disposeData = transport.onData((chunk) => {
    if (startedAt === null) return;
    chunks++;
    bytes += chunk.length;
    out.write(traceChunkLine(Math.round(performance.now() - startedAt), chunk));
  });
  let timer: NodeJS.Timeout | undefined;
  let captured = false;
  try {
    transport.start();
    const connected = await waitConnected(transport);
    if (!connected.ok) return connected.error;
    startedAt = performance.now();
    out.write(
      traceHeaderLine({
        capture: 1,
        port: port.value,
        baud: baud.value,
        startedAt: new Date().toISOString(),
      }),
    );
    captured = true;
    const disposeHealth = transport.onHealth((health) => {
      io.stderr.write(
        health.state === 'connected'
          ? `${port.value} is back; capturing\n`
          : `${port.value} lost: ${health.lastError ?? 'closed'}; reopening\n`,
      );
    });
    io.stderr.write(
      `capturing ${port.value} at ${baud.value} baud into ${outPath.value}; ` +
        `${Number.isFinite(duration.value) ? `for ${duration.value} s or ` : ''}until Ctrl-C\n`,
    );
    const elapsed = new Promise<void>((resolve) => {
      if (Number.isFinite(duration.value)) timer = setTimeout(resolve, duration.value * 1000);
    });
    const ended = await Promise.race([stop.stopped, elapsed, writeFailed]);
    disposeHealth();
    if (ended instanceof Error) return runFailure(`cannot write ${outPath.value}: ${ended.message}`);
    return EXIT_OK;
  } finally {
    clearTimeout(timer);
    stop.dispose();
    disposeData();
    await transport.stop();
    await closeOut(out);
    if (captured) {
      io.stderr.write(`captured ${chunks} chunks (${bytes} bytes) into ${outPath.value}\n`);
    } else {
      await unlink(outPath.value).catch(() => undefined); // an empty file would pass for a silent device
    }
  }
}

export const captureCommand: Command = {
  name: 'capture',
  summary: 'record what a serial port receives, with timing, into a trace file',
  usage: USAGE,
  run,
};
