import { parseArgs } from 'node:util';
import { loadConfig } from './config/load.ts';
import { createLogger } from './logger.ts';
import { AgentStartError, startAgent } from './agent.ts';

const USAGE = `yaofang-edge — the Yaofang terminal agent

Usage:
  yaofang-edge run --config FILE     run the agent (devices, store, uplink, local API)
  yaofang-edge check --config FILE   validate a config file and exit
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { config: { type: 'string', short: 'c' } },
    strict: true,
  });
  if (command !== 'run' && command !== 'check') {
    process.stderr.write(command ? `unknown command ${JSON.stringify(command)}\n\n${USAGE}` : USAGE);
    return 2;
  }
  if (!values.config) {
    process.stderr.write(`--config FILE is required\n\n${USAGE}`);
    return 2;
  }
  const loaded = loadConfig(values.config);
  if (!loaded.ok) {
    process.stderr.write(`config ${values.config} has ${loaded.error.length} problem(s):\n`);
    for (const problem of loaded.error) process.stderr.write(`  - ${problem.message}\n`);
    return 78; // EX_CONFIG: systemd will not hammer a restart loop on a broken file
  }
  if (command === 'check') {
    process.stdout.write(`config ${values.config} is valid\n`);
    return 0;
  }
  const config = loaded.value;
  const log = createLogger({
    level: config.log.level,
    ...(config.log.file ? { file: config.log.file } : {}),
  });
  let agent;
  try {
    agent = await startAgent(config, log);
  } catch (error) {
    if (error instanceof AgentStartError) {
      process.stderr.write(`cannot start: ${error.message}\n`);
      return 78;
    }
    throw error;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  await agent.stop();
  log.flush();
  return 0;
}
