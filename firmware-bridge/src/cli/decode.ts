import { parseArgs } from 'node:util';
import { err, ok, type Result } from '@yaofang/shared/result';
import { fromHex, type DecodeError, type StreamDecoder } from '../codec.ts';
import type { JsonMessage } from '../device.ts';
import { deviceOption, tryParse, type Command } from './args.ts';
import { EXIT_OK, usageFailure, type CliFailure, type CliIo } from './io.ts';

const USAGE = `Usage: yaofang-bridge decode --device KIND [--format F] (--hex "02 30 46 …" | -)

Decode device bytes into JSON Lines on stdout, one object per message, e.g.
  {"type":"card","uid":"0F0030C2A4"}
Bytes that form no frame come out as {"type":"error","reason":…,"bytes":…}
and decoding resynchronises on the next frame.

  --device KIND   device kind (yaofang-bridge --help lists them)
  --format F      the kind's wire format, where it has several
  --hex TEXT      the bytes as hex: "02 30 46", "023046" or "02:30:46"
  -               read raw bytes from stdin instead, decoding as they arrive
`;

/** Hex text → bytes, or a message naming what is wrong with it. */
export function parseHexArgument(text: string): Result<Uint8Array, string> {
  const bytes = fromHex(text);
  if (bytes) return ok(bytes);
  const compact = text.replace(/[\s,:]/g, '');
  const bad = [...new Set(compact.replace(/[0-9a-fA-F]/g, ''))];
  if (bad.length > 0) {
    return err(
      `--hex has characters that are not hex digits: ${bad.map((c) => JSON.stringify(c)).join(' ')}`,
    );
  }
  return err(`--hex has an odd number of hex digits (${compact.length}); each byte needs two`);
}

function writeMessages(io: CliIo, messages: Array<JsonMessage | DecodeError>): void {
  if (messages.length === 0) return;
  io.stdout.write(messages.map((message) => `${JSON.stringify(message)}\n`).join(''));
}

async function decodeStdin(io: CliIo, decoder: StreamDecoder<JsonMessage>): Promise<void> {
  for await (const chunk of io.stdin) {
    const bytes: Uint8Array =
      typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Uint8Array);
    writeMessages(io, decoder.push(bytes));
  }
}

async function run(args: string[], io: CliIo): Promise<number | CliFailure> {
  const parsed = tryParse(() =>
    parseArgs({
      args,
      options: {
        device: { type: 'string', short: 'd' },
        format: { type: 'string', short: 'f' },
        hex: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (!parsed.ok) return parsed.error;
  const { values, positionals } = parsed.value;
  const device = deviceOption(values.device, values.format);
  if (!device.ok) return device.error;

  const fromStdin = positionals.length === 1 && positionals[0] === '-';
  if (positionals.length > 0 && !fromStdin) {
    return usageFailure(
      `unexpected argument ${JSON.stringify(positionals.join(' '))}; use --hex TEXT or - for stdin`,
    );
  }
  if (fromStdin === (values.hex !== undefined)) {
    return usageFailure('give exactly one input: --hex TEXT, or - to read bytes from stdin');
  }

  const { kind, format } = device.value;
  const decoder = kind.createJsonDecoder(format);
  if (values.hex !== undefined) {
    const bytes = parseHexArgument(values.hex);
    if (!bytes.ok) return usageFailure(bytes.error);
    writeMessages(io, decoder.push(bytes.value));
  } else {
    await decodeStdin(io, decoder);
  }
  return EXIT_OK;
}

export const decodeCommand: Command = {
  name: 'decode',
  summary: 'decode device bytes (hex or stdin) into JSON Lines',
  usage: USAGE,
  run,
};
