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
  // 2: edge core — event classes and central acks, commands, sync documents,
  // card bindings, balance snapshots, the technician audit trail.
  `
  -- class: 'ledger' events carry money-like facts and are never dropped;
  -- 'event' is ordinary; 'droppable' may go first when the backlog is capped.
  ALTER TABLE outbox ADD COLUMN class TEXT NOT NULL DEFAULT 'event'
    CHECK (class IN ('ledger', 'event', 'droppable'));
  -- What the central platform said about each event once applied.
  ALTER TABLE outbox ADD COLUMN result TEXT;
  CREATE INDEX outbox_unacked ON outbox (seq) WHERE acked_at IS NULL;

  -- Every command id ever accepted or refused: replay protection and idempotency.
  CREATE TABLE commands_seen (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    expires_at INTEGER,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'rejected')),
    result TEXT NOT NULL
  ) STRICT;

  -- Signed documents from the central platform (rules, bindings, snapshots),
  -- kept exactly as received so the signature can be checked again later.
  CREATE TABLE sync_documents (
    kind TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at INTEGER NOT NULL
  ) STRICT;

  -- card_key → resident; kind 'technician' cards open technician mode.
  CREATE TABLE card_bindings (
    card_key TEXT PRIMARY KEY,
    resident_key TEXT,
    household TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('resident', 'technician')),
    version INTEGER NOT NULL
  ) STRICT;

  -- The central platform's last word on a resident's balances.
  CREATE TABLE balance_snapshots (
    resident_key TEXT NOT NULL,
    account TEXT NOT NULL CHECK (account IN ('points', 'minutes')),
    balance INTEGER NOT NULL,
    as_of TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (resident_key, account)
  ) STRICT;

  -- Technician actions, also sent as events.
  CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL
  ) STRICT;
  `,
];
