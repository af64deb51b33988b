import { join } from 'node:path';
import type { AgentConfig } from '../config/schema.ts';
import { backupDatabase } from './backup.ts';
import { formatBytes } from './doctor/disk.ts';
import { doctorExitCode, formatChecks } from './doctor/check.ts';
import { runDoctor, systemDeps, type DoctorDeps } from './doctor/run-doctor.ts';
import { exportLogs } from './logs-export.ts';

/** Where a command writes; the CLI passes the process streams, tests collect text. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of stdin; the process's own stdin when absent. */
  stdin?: () => Promise<string>;
}

export async function doctorCommand(
  configFile: string,
  io: CliIo,
  deps: DoctorDeps = systemDeps(),
): Promise<number> {
  const results = await runDoctor(configFile, deps);
  io.out(`${formatChecks(results)}\n`);
  const failed = results.filter((result) => result.status === 'fail').length;
  const warned = results.filter((result) => result.status === 'warn').length;
  io.out(`\n${failed} failed, ${warned} warning(s), ${results.length - failed - warned} ok\n`);
  return doctorExitCode(results);
}

export async function backupCommand(config: AgentConfig, out: string, io: CliIo): Promise<number> {
  const result = await backupDatabase({
    databaseFile: join(config.dataDir, 'edge.sqlite'),
    out,
    stationId: config.stationId,
  });
  if (!result.ok) {
    io.err(`backup failed: ${result.error}\n`);
    return 1;
  }
  const rows = Object.entries(result.value.rows)
    .map(([table, count]) => `${table}=${count}`)
    .join(' ');
  io.out(
    `${result.value.path}\n${formatBytes(result.value.bytes)} (${result.value.bytes} bytes), integrity_check ok\nrows: ${rows}\n`,
  );
  return 0;
}

export function logsExportCommand(
  config: AgentConfig,
  out: string,
  sinceMs: number | undefined,
  io: CliIo,
): number {
  const result = exportLogs({
    logFile: config.log.file,
    outDir: out,
    stationId: config.stationId,
    ...(sinceMs === undefined ? {} : { sinceMs }),
  });
  if (!result.ok) {
    io.err(`logs export failed: ${result.error}\n`);
    return 1;
  }
  const bytes = result.value.files.reduce((sum, file) => sum + file.bytes, 0);
  io.out(
    `${result.value.dir}\n${result.value.files.length} file(s), ${formatBytes(bytes)}, manifest.json written\n`,
  );
  if (result.value.files.length === 0) io.out('no log files matched (check log.file and --since)\n');
  return 0;
}
