import { existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { failCheck, okCheck, warnCheck, type CheckResult } from './check.ts';

const MIB = 1024 * 1024;
export const WARN_BELOW_BYTES = 1024 * MIB;
export const FAIL_BELOW_BYTES = 100 * MIB;

/** Free space where the database lives: warn below 1 GiB, fail below 100 MiB. */
export function classifyFreeSpace(dir: string, freeBytes: number): CheckResult {
  const free = formatBytes(freeBytes);
  if (freeBytes < FAIL_BELOW_BYTES)
    return failCheck(
      'disk space',
      `only ${free} free under ${dir}: new transactions will soon be refused; free space (sudo journalctl --vacuum-size=200M, remove old backups) or use a bigger disk`,
    );
  if (freeBytes < WARN_BELOW_BYTES)
    return warnCheck(
      'disk space',
      `${free} free under ${dir}: below 1 GiB; free space (old backups, sudo journalctl --vacuum-size=200M) before it runs out`,
    );
  return okCheck('disk space', `${free} free under ${dir}`);
}

export function checkDiskSpace(dataDir: string): CheckResult {
  // A data dir not created yet lives on its parent's file system.
  let dir = dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const stats = statfsSync(dir);
    return classifyFreeSpace(dataDir, stats.bavail * stats.bsize);
  } catch (error) {
    return failCheck('disk space', `cannot read free space of ${dir}: ${(error as Error).message}`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MIB) return `${(bytes / (1024 * MIB)).toFixed(1)} GiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(1)} MiB`;
  return `${Math.round(bytes / 1024)} KiB`;
}
