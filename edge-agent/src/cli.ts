import { parseArgs } from 'node:util';
import { loadConfig } from './config/load.ts';
import type { AgentConfig } from './config/schema.ts';
import { createLogger } from './logger.ts';
import { TECHNICIAN_PIN } from '@yaofang/shared/technician';
import { hashPin } from './technician/pin.ts';
import { AgentStartError, startAgent } from './agent.ts';
import { backupCommand, doctorCommand, logsExportCommand, type CliIo } from './ops/ops-commands.ts';

const USAGE = `yaofang-edge — the Yaofang terminal agent

Usage:
  yaofang-edge run --config FILE                  run the agent (devices, store, uplink, local API)
  yaofang-edge check --config FILE                validate a config file and exit
  yaofang-edge doctor --config FILE               check this terminal: config, keys, devices, broker, clock, disk, database
  yaofang-edge backup --config FILE --out PATH    online copy of the database (PATH: new file or a folder), verified
  yaofang-edge logs export --config FILE --out DIR [--since ISO]
                                                  copy the log files and a manifest into DIR (e.g. a USB stick)
  yaofang-edge hash-pin                           read a technician PIN (4–8 digits) from stdin, print its hash
                                                  for technician.pinHash in the config
  yaofang-edge --help                             this text

Exit codes: 0 ok, 1 a check or operation failed, 2 wrong usage, 75 restart requested by a technician,
78 the config file is invalid.
See docs/operations.md.
`;

const EX_CONFIG = 78; // systemd will not hammer a restart loop on a broken file
/** A technician asked for a restart (EX_TEMPFAIL): systemd's Restart=always starts the agent again. */
export const EX_RESTART = 75;

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  out: { type: 'string', short: 'o' },
  since: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Command = 'run' | 'check' | 'doctor' | 'backup' | 'logs export' | 'hash-pin';
type Flag = keyof typeof OPTIONS;

/** Which flags each command takes, and which it needs. */
const COMMANDS: Record<Command, { allowed: Flag[]; required: Flag[] }> = {
  run: { allowed: ['config'], required: ['config'] },
  check: { allowed: ['config'], required: ['config'] },
  doctor: { allowed: ['config'], required: ['config'] },
  backup: { allowed: ['config', 'out'], required: ['config', 'out'] },
  'logs export': { allowed: ['config', 'out', 'since'], required: ['config', 'out'] },
  'hash-pin': { allowed: [], required: [] },
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const usage = (message: string) => {
    io.err(`${message}\n\n${USAGE}`);
    return 2;
  };
  const [first, ...afterFirst] = argv;
  if (first === undefined) return usage('no command given');
  if (first === 'help' || first === '--help' || first === '-h') {
    io.out(USAGE);
    return 0;
  }
  const named = first === 'logs' ? `logs ${afterFirst[0] ?? ''}`.trim() : first;
  const args = first === 'logs' ? afterFirst.slice(1) : afterFirst;
  if (!isCommand(named)) {
    return usage(
      first === 'logs'
        ? `unknown logs subcommand ${JSON.stringify(afterFirst[0] ?? '')}: use 'yaofang-edge logs export'`
        : `unknown command ${JSON.stringify(first)}: use one of run, check, doctor, backup, logs export, hash-pin`,
    );
  }
  const command = named;
  const spec = COMMANDS[command];
  let values: { config?: string; out?: string; since?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    return usage(`${command}: ${(error as Error).message}`);
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const given = Object.keys(values).filter((key) => key !== 'help') as Flag[];
  const extra = given.filter((key) => !spec.allowed.includes(key));
  if (extra.length > 0) return usage(`${command} does not take ${extra.map((key) => `--${key}`).join(', ')}`);
  const missing = spec.required.filter((key) => values[key] === undefined);
  if (missing.length > 0) {
    return usage(
      `${command} needs ${missing.map((key) => `--${key} ${key === 'out' ? 'PATH' : 'FILE'}`).join(' and ')}`,
    );
  }
  let sinceMs: number | undefined;
  if (values.since !== undefined) {
    sinceMs = Date.parse(values.since);
    if (!Number.isFinite(sinceMs)) {
      return usage(
        `--since: found ${JSON.stringify(values.since)}; use an ISO date like 2025-03-01 or 2025-03-01T08:00:00+08:00`,
      );
    }
  }
  if (command === 'hash-pin') return hashPinCommand(io);
  const configFile = values.config!;
  // Doctor reports a broken config as its own failed checks.
  if (command === 'doctor') return doctorCommand(configFile, io);

  const loaded = loadConfig(configFile);
  if (!loaded.ok) {
    io.err(`config ${configFile} has ${loaded.error.length} problem(s):\n`);
    for (const problem of loaded.error) io.err(`  - ${problem.message}\n`);
    return EX_CONFIG;
  }
  switch (command) {
    case 'check':
      io.out(`config ${configFile} is valid\n`);
      return 0;
    case 'backup':
      return backupCommand(loaded.value, values.out!, io);
    case 'logs export':
      return logsExportCommand(loaded.value, values.out!, sinceMs, io);
    case 'run':
      return runAgent(loaded.value, io);
  }
}

/** The PIN comes on stdin (never argv, which `ps` and the shell history show). */
async function hashPinCommand(io: CliIo): Promise<number> {
  const pin = (io.stdin ? await io.stdin() : await readStdin()).trim();
  if (!TECHNICIAN_PIN.test(pin)) {
    io.err('hash-pin: the PIN must be 4 to 8 digits, e.g. `printf 482913 | yaofang-edge hash-pin`\n');
    return 1;
  }
  io.out(`${hashPin(pin)}\n`);
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMANDS, name);
}

async function runAgent(config: AgentConfig, io: CliIo): Promise<number> {
  const log = createLogger({
    level: config.log.level,
    rotate: config.log.rotate,
    ...(config.log.file ? { file: config.log.file } : {}),
  });
  let agent;
  let restart: () => void = () => undefined;
  const restartRequested = new Promise<'restart'>((resolve) => {
    restart = () => resolve('restart');
  });
  try {
    agent = await startAgent(config, log, { onRestartRequested: () => restart() });
  } catch (error) {
    if (error instanceof AgentStartError) {
      io.err(`cannot start: ${error.message}\n`);
      return EX_CONFIG;
    }
    throw error;
  }
  const reason = await Promise.race([
    restartRequested,
    new Promise<'signal'>((resolve) => {
      const shutdown = (signal: string) => {
        log.info({ signal }, 'stopping');
        resolve('signal');
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    }),
  ]);
  if (reason === 'restart')
    log.warn(`stopping for a restart (exit ${EX_RESTART}; the service manager starts the agent again)`);
  await agent.stop();
  log.flush();
  return reason === 'restart' ? EX_RESTART : 0;
}
