import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type CentralDb = Database.Database;

/**
 * The reference central's own database: per station the last applied seq and
 * hash and how far acks went out, every applied event with its verdict, the
 * events waiting behind a gap, and the last version of each sync document.
 * `:memory:` (the default) keeps nothing across a restart.
 */
export function openCentralDb(file = ':memory:'): CentralDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The central is a test stand-in: it must survive a process restart, not a power cut.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS stations (
      station TEXT PRIMARY KEY,
      last_seq INTEGER NOT NULL,
      last_hash TEXT NOT NULL,
      acked_through INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE TABLE IF NOT EXISTS applied_events (
      station TEXT NOT NULL,
      seq INTEGER NOT NULL,
      id TEXT NOT NULL,
      type TEXT NOT NULL,
      payload TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'adjusted')),
      reason TEXT,
      data TEXT,
      applied_at INTEGER NOT NULL,
      PRIMARY KEY (station, seq),
      UNIQUE (station, id)
    ) STRICT;
    -- Events that arrived ahead of a gap: kept durably, because the edge will
    -- not send them again once the broker has acknowledged them.
    CREATE TABLE IF NOT EXISTS ahead_events (
      station TEXT NOT NULL,
      seq INTEGER NOT NULL,
      id TEXT NOT NULL,
      payload TEXT NOT NULL,
      PRIMARY KEY (station, seq)
    ) STRICT;
    CREATE TABLE IF NOT EXISTS sync_versions (
      scope TEXT PRIMARY KEY,
      version INTEGER NOT NULL
    ) STRICT;
  `);
  return db;
}
