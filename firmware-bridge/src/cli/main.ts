import { DEVICE_KINDS } from '../registry.ts';
import type { Command } from './args.ts';
import { captureCommand } from './capture.ts';
import { decodeCommand } from './decode.ts';
import { EXIT_OK, EXIT_USAGE, processIo, type CliIo } from './io.ts';
import { createListCommand } from './list.ts';
import { replayCommand } from './replay.ts';
import { simCommand } from './sim.ts';

export const COMMANDS: readonly Command[] = [
  createListCommand(),
  decodeCommand,
  simCommand,
  captureCommand,
  replayCommand,
];

function topUsage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const kindWidth = Math.max(...DEVICE_KINDS.map((k) => k.kind.length));
  return `yaofang-bridge: device tools for Yaofang terminals (decode, simulate, capture, replay)

Usage: yaofang-bridge COMMAND [options]     (COMMAND --help for its options)

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Device kinds (--device), with their --format values:
${DEVICE_KINDS.map((k) => {
  const formats = k.formats.length > 0 ? ` [${k.formats.join('|')}]` : '';
  return `  ${k.kind.padEnd(kindWidth)}  ${k.description}${formats}`;
}).join('\n')}

Exit status: 0 done, 1 a device or port failed, 2 bad arguments or input.
`;
}

const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

/** Run one command line; the result is the process exit status. */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
  commands: readonly Command[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(topUsage(commands));
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(topUsage(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(
      `yaofang-bridge: unknown command ${JSON.stringify(name)}; known: ${commands.map((c) => c.name).join(', ')}\n`,
    );
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    io.stdout.write(command.usage);
    return EXIT_OK;
  }
  const result = await command.run(rest, io);
  if (typeof result === 'number') return result;
  io.stderr.write(`yaofang-bridge ${command.name}: ${result.message}\n`);
  return result.exitCode;
}
