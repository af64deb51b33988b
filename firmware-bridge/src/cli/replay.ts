import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { SerialTransport } from '../transport/serial.ts';
import type { ByteTransport } from '../transport/types.ts';
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
import { openPtyLink, waitConnected, type PtyLink } from './pty-link.ts';
import { parseTrace, type Trace, type TraceChunk } from './trace.ts';

const USAGE = `Usage: yaofang-bridge replay FILE --link PATH [--speed X] [--delay S] [--loop]

Play a trace recorded by "yaofang-bridge capture" onto a pseudo-terminal
linked at PATH: a driver that opens PATH receives the same bytes with the
recorded timing. Exits after the last chunk (or, with --loop, on Ctrl-C).

  --link PATH   symlink to create for the driver's end (removed on exit)
  --speed X     timing factor: 2 plays twice as fast (default 1)
  --delay S     seconds to wait after PATH appears, so a driver can open it
                before the first byte: a pty drops what nobody reads (default 1)
  --loop        start again after the last chunk
`;

/** A pause after the last chunk, so a reader has the tail before the link goes away. */
const LINGER_MS = 200;

/** Sleep until `deadline` (performance.now() time); false when stopped first. */
function sleepUntil(deadline: number, stopped: Promise<unknown>): Promise<boolean> {
  const ms = Math.max(0, deadline - performance.now());
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), ms))),
    stopped.then(() => false),
  ]).finally(() => clearTimeout(timer));
}

/** One pass over the trace; false when stopped part-way. */
async function playPass(
  transport: ByteTransport,
  chunks: readonly TraceChunk[],
  startAt: number,
  speed: number,
  stopped: Promise<unknown>,
): Promise<boolean> {
  for (const chunk of chunks) {
    if (!(await sleepUntil(startAt + chunk.t / speed, stopped))) return false;
    await transport.write(chunk.bytes);
  }
  return true;
}

async function run(args: string[], io: CliIo): Promise<number | CliFailure> {
  const parsed = tryParse(() =>
    parseArgs({
      args,
      options: {
        link: { type: 'string' },
        speed: { type: 'string' },
        delay: { type: 'string' },
        loop: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (!parsed.ok) return parsed.error;
  const { values, positionals } = parsed.value;
  if (positionals.length !== 1) return usageFailure('give exactly one trace FILE to replay');
  const file = positionals[0]!;
  const linkPath = required(values.link, '--link PATH');
  if (!linkPath.ok) return linkPath.error;
  const speed = numberOption(values.speed, '--speed', { min: 0, above: true, fallback: 1 });
  if (!speed.ok) return speed.error;
  const delay = numberOption(values.delay, '--delay', { min: 0, fallback: 1 });
  if (!delay.ok) return delay.error;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return usageFailure(`cannot read ${file}: ${errorMessage(error)}`);
  }
  const trace = parseTrace(text);
  if (!trace.ok) return usageFailure(`${file}: ${trace.error}`);
  if (trace.value.chunks.length === 0) return usageFailure(`${file} holds no received bytes to replay`);

  // Listen for signals before socat exists, so an early Ctrl-C still cleans up.
  const stop = nextStopSignal(io);
  try {
    const ptyLink = await openPtyLink(linkPath.value);
    if (!ptyLink.ok) return ptyLink.error;
    try {
      return await play(
        trace.value,
        ptyLink.value,
        { speed: speed.value, delay: delay.value, loop: values.loop === true, file },
        stop.stopped,
        io,
      );
    } finally {
      await ptyLink.value.close();
    }
  } finally {
    stop.dispose();
  }
}

interface PlayOptions {
  file: string;
  speed: number;
  /** Seconds before the first pass. */
  delay: number;
  loop: boolean;
}

async function play(
  { header, chunks }: Trace,
  { link, devicePath }: PtyLink,
  options: PlayOptions,
  stopped: Promise<unknown>,
  io: CliIo,
): Promise<number | CliFailure> {
  const transport = new SerialTransport({ path: devicePath, baudRate: header.baud });
  try {
    transport.start();
    const connected = await waitConnected(transport);
    if (!connected.ok) return connected.error;
    const bytes = chunks.reduce((sum, chunk) => sum + chunk.bytes.length, 0);
    io.stdout.write(
      `${JSON.stringify({ ready: true, link, chunks: chunks.length, bytes, speed: options.speed })}\n`,
    );
    io.stderr.write(
      `replaying ${chunks.length} chunks (${bytes} bytes) from ${options.file} on ${link} in ${options.delay} s\n`,
    );
    let startAt = performance.now() + options.delay * 1000;
    let passes = 0;
    for (;;) {
      if (!(await playPass(transport, chunks, startAt, options.speed, stopped))) break;
      passes++;
      if (!options.loop) {
        await sleepUntil(performance.now() + LINGER_MS, stopped);
        break;
      }
      startAt = performance.now();
    }
    io.stderr.write(`replayed ${passes} pass${passes === 1 ? '' : 'es'}\n`);
    return EXIT_OK;
  } catch (error) {
    // A write to our own pty end failed: socat died or the link was removed under us.
    return runFailure(`replay onto ${link} failed: ${errorMessage(error)}`);
  } finally {
    await transport.stop();
  }
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'play a capture file onto a pty linked at PATH, with its timing',
  usage: USAGE,
  run,
};
