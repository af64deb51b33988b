import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { err, ok, type Result } from '@yaofang/shared';

export interface BackupOptions {
  /** The agent's database, `{dataDir}/edge.sqlite`. */
  databaseFile: string;
  /** A new file, or an existing folder to put `edge-{station}-{time}.sqlite` in. */
  out: string;
  stationId: string;
  /** Pages copied per step; between steps other connections may write. */
  pagesPerStep?: number;
  /** Called between steps (tests write from another connection here). */
  onProgress?: (progress: { totalPages: number; remainingPages: number }) => void;
  now?: () => Date;
}

export interface BackupDone {
  path: string;
  bytes: number;
  /** Rows per table in the copy, as a quick sanity line for the technician. */
  rows: Record<string, number>;
}

/**
 * Online backup with SQLite's backup API: a consistent snapshot while the
 * agent keeps writing (a write from another connection restarts the copy, so
 * what lands on disk is one committed state). The copy is written beside the
 * target and renamed only after `integrity_check` passed on it.
 */
export async function backupDatabase(options: BackupOptions): Promise<Result<BackupDone, string>> {
  if (!existsSync(options.databaseFile)) {
    return err(
      `no database at ${options.databaseFile}: check dataDir in the config (the agent creates edge.sqlite on its first start)`,
    );
  }
  const target = targetPath(options);
  if (!target.ok) return target;
  const partial = `${target.value}.partial`;
  rmSync(partial, { force: true });
  // Read-only: a backup must never change the live database, and it needs no write lock.
  const source = new Database(options.databaseFile, { readonly: true, fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial, {
      progress: (progress) => {
        options.onProgress?.(progress);
        return options.pagesPerStep ?? 256;
      },
    });
  } catch (error) {
    rmSync(partial, { force: true });
    return err(`backup of ${options.databaseFile} failed: ${(error as Error).message}`);
  } finally {
    source.close();
  }
  const checked = verifyCopy(partial);
  if (!checked.ok) {
    rmSync(partial, { force: true });
    return checked;
  }
  renameSync(partial, target.value);
  return ok({ path: target.value, bytes: statSync(target.value).size, rows: checked.value });
}

function targetPath(options: BackupOptions): Result<string, string> {
  const out = resolve(options.out);
  if (existsSync(out) && statSync(out).isDirectory()) {
    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    return ok(join(out, `edge-${options.stationId}-${stamp}.sqlite`));
  }
  if (existsSync(out)) return err(`${out} already exists: choose a new file name or a folder for --out`);
  if (!existsSync(dirname(out))) {
    return err(
      `folder ${dirname(out)} does not exist: create it (or mount the USB stick) before writing ${basename(out)}`,
    );
  }
  return ok(out);
}

/** Open the copy on its own and prove it is a whole database. */
export function verifyCopy(file: string): Result<Record<string, number>, string> {
  const copy = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') return err(`the copy ${file} failed integrity_check: ${String(integrity)}`);
    const tables = copy
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const rows: Record<string, number> = {};
    for (const table of tables) {
      rows[table] = copy
        .prepare(`SELECT count(*) FROM "${table.replace(/"/g, '""')}"`)
        .pluck()
        .get() as number;
    }
    return ok(rows);
  } finally {
    copy.close();
  }
}
