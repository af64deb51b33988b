import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { err, ok, type Result } from '@yaofang/shared';

export interface LogsExportOptions {
  /** `log.file` from the config; the rotated files sit beside it. */
  logFile: string | undefined;
  /** An existing folder, e.g. the mounted USB stick. */
  outDir: string;
  stationId: string;
  /** Only files written to at or after this time (epoch ms). */
  sinceMs?: number;
  now?: () => Date;
}

export interface ExportedFile {
  name: string;
  bytes: number;
  sha256: string;
  modifiedAt: string;
}

export interface LogsExported {
  /** The folder created inside `outDir`. */
  dir: string;
  files: ExportedFile[];
}

/**
 * Copy the agent's log files (the current one and the rotated ones) into a
 * new folder under `outDir`, with `manifest.json` listing size and SHA-256 of
 * each, so the central team can tell a whole export from a truncated copy.
 * Lines were scrubbed by the logger before they reached the files.
 */
export function exportLogs(options: LogsExportOptions): Result<LogsExported, string> {
  if (!options.logFile) {
    return err(
      'log.file is not set, so the agent logs to the journal: export with `journalctl -u yaofang-edge -o cat > FILE`, or set log.file in the config',
    );
  }
  if (!existsSync(options.outDir)) {
    return err(
      `--out ${options.outDir} does not exist: mount the USB stick first (lsblk, then sudo mount /dev/sdX1 /mnt/usb) or create the folder`,
    );
  }
  if (!statSync(options.outDir).isDirectory()) return err(`--out ${options.outDir} is a file: give a folder`);
  const logDir = dirname(options.logFile);
  if (!existsSync(logDir))
    return err(`log folder ${logDir} does not exist: the agent has not written logs yet`);

  const names = logFileNames(options.logFile, readdirSync(logDir))
    .map((name) => ({ name, stat: statSync(join(logDir, name)) }))
    .filter(({ stat }) => stat.isFile() && (options.sinceMs === undefined || stat.mtimeMs >= options.sinceMs))
    .sort((a, b) => a.stat.mtimeMs - b.stat.mtimeMs);

  const now = options.now?.() ?? new Date();
  const target = join(
    options.outDir,
    `yaofang-logs-${options.stationId}-${now.toISOString().replace(/[:.]/g, '-')}`,
  );
  try {
    mkdirSync(target);
    const files = names.map(({ name, stat }): ExportedFile => {
      const to = join(target, name);
      copyFileSync(join(logDir, name), to);
      return {
        name,
        bytes: statSync(to).size,
        sha256: createHash('sha256').update(readFileSync(to)).digest('hex'),
        modifiedAt: new Date(stat.mtimeMs).toISOString(),
      };
    });
    const manifest = {
      station: options.stationId,
      host: hostname(),
      exportedAt: now.toISOString(),
      since: options.sinceMs === undefined ? null : new Date(options.sinceMs).toISOString(),
      files,
    };
    writeFileSync(join(target, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return ok({ dir: target, files });
  } catch (error) {
    return err(
      `cannot write to ${options.outDir}: ${(error as Error).message}; is the stick full or read-only?`,
    );
  }
}

/**
 * `agent.log` and what pino-roll makes of it: `agent.1.log`, `agent.2.log`,
 * `agent.2025-03-01.1.log`. Other files in the folder are not ours.
 */
export function logFileNames(logFile: string, entries: readonly string[]): string[] {
  const extension = extname(logFile) || '.log';
  const stem = basename(logFile, extname(logFile));
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const rotated = new RegExp(`^${escape(stem)}\\.(?:[^.]+\\.)?\\d+${escape(extension)}$`);
  return entries.filter((name) => name === basename(logFile) || rotated.test(name));
}
