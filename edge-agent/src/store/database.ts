import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';

export type Db = Database.Database;

export class StoreIntegrityError extends Error {}

/**
 * Open the terminal's database: WAL, `synchronous=FULL` (a committed
 * transaction survives a power cut), foreign keys on, migrations applied in
 * order, and `integrity_check` before anything is trusted.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (options.readonly) return db;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const integrity = db.pragma('integrity_check', { simple: true });
  if (integrity !== 'ok') {
    db.close();
    throw new StoreIntegrityError(
      `database ${file} failed integrity_check (${String(integrity)}): restore it from the last backup ('yaofang-edge backup' makes one)`,
    );
  }
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (!row) db.prepare('INSERT INTO schema_version (version) VALUES (0)').run();
  if (version > migrations.length) {
    throw new StoreIntegrityError(
      `database schema version ${version} is newer than this agent knows (${migrations.length}): install the newer agent or restore a backup`,
    );
  }
  for (const migration of migrations.slice(version)) {
    db.transaction(() => {
      db.exec(migration);
      version++;
      db.prepare('UPDATE schema_version SET version = ?').run(version);
    })();
  }
}
