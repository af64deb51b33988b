/**
 * Schema migrations, applied in order, each in its own transaction. Never edit
 * a migration that has shipped: add a new one.
 */
export const migrations: readonly string[] = [
  // 1: outbox of events and the station's counters.
  `
  CREATE TABLE kv (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  -- One row per event, written in the same transaction as the business fact.
  -- payload holds the exact envelope bytes: every retry sends the same bytes.
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    acked_at INTEGER
  ) STRICT;
  CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
  `,
];
