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
  // 3: waste drops — the persisted flow state (one row per active session),
  // every weighed drop, and the immutable points ledger.
  `
  CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY,
    flow TEXT NOT NULL,
    resident_key TEXT NOT NULL,
    household TEXT,
    step TEXT NOT NULL,
    category TEXT,
    compartment INTEGER,
    -- The drop in flight: its id is chosen before the lid opens, so a recovery
    -- after a crash completes exactly that drop and never a second one.
    drop_id TEXT,
    gross_before_grams INTEGER,
    closes_at INTEGER,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE drops (
    drop_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    resident_key TEXT NOT NULL,
    household TEXT,
    category TEXT NOT NULL,
    compartment INTEGER NOT NULL,
    gross_before_grams INTEGER NOT NULL,
    gross_after_grams INTEGER NOT NULL,
    net_grams INTEGER NOT NULL,
    points INTEGER NOT NULL CHECK (points >= 0),
    outcome TEXT NOT NULL,
    reason_code TEXT,
    rules_version INTEGER NOT NULL,
    recovered INTEGER NOT NULL CHECK (recovered IN (0, 1)),
    local_day TEXT NOT NULL,
    at INTEGER NOT NULL,
    outbox_seq INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX drops_session ON drops (session_id);

  -- Balance movements only (a drop earning 0 points has no entry). Never
  -- updated or deleted: a correction is a new entry.
  CREATE TABLE ledger (
    entry_id TEXT PRIMARY KEY,
    resident_key TEXT NOT NULL,
    household TEXT,
    account TEXT NOT NULL CHECK (account IN ('points', 'minutes')),
    amount INTEGER NOT NULL,
    local_day TEXT NOT NULL,
    source TEXT NOT NULL,
    drop_id TEXT REFERENCES drops (drop_id),
    outbox_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX ledger_resident ON ledger (resident_key, account);
  CREATE INDEX ledger_household_day ON ledger (household, local_day);
  CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: write a correction entry'); END;
  CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
    BEGIN SELECT RAISE(ABORT, 'ledger entries are immutable: write a correction entry'); END;
  CREATE TRIGGER drops_no_update BEFORE UPDATE ON drops
    BEGIN SELECT RAISE(ABORT, 'a recorded drop is immutable'); END;
  `,
  // 4: the self-service hall — time-bank operations with the central's answers
  // (kept per residentKey, shown at the next sign-in), card binding requests,
  // and the per-day queue ticket counters. Residents only as residentKey.
  `
  CREATE TABLE hall_operations (
    op_id TEXT PRIMARY KEY,
    resident_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('deposit', 'withdraw', 'donate', 'transfer')),
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    reason TEXT,
    outbox_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER
  ) STRICT;
  CREATE INDEX hall_operations_resident ON hall_operations (resident_key, created_at);
  CREATE INDEX hall_operations_pending ON hall_operations (status) WHERE status = 'pending';

  CREATE TABLE card_bind_requests (
    op_id TEXT PRIMARY KEY,
    resident_key TEXT NOT NULL,
    card_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    outbox_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  -- A volunteer service in progress (both tapped at the start) and, once
  -- both tapped at the end, the deposit it became. Survives the session.
  CREATE TABLE timebank_services (
    service_id TEXT PRIMARY KEY,
    volunteer_key TEXT NOT NULL,
    recipient_key TEXT NOT NULL,
    service_type TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    op_id TEXT
  ) STRICT;
  CREATE INDEX timebank_services_open ON timebank_services (volunteer_key) WHERE ended_at IS NULL;

  CREATE TABLE queue_counters (
    local_day TEXT NOT NULL,
    service TEXT NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (local_day, service)
  ) STRICT;
  `,
];
