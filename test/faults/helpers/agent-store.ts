import Database from 'better-sqlite3';

export interface OutboxRecord {
  seq: number;
  id: string;
  type: string;
  payload: string;
  created_at: number;
  sent_at: number | null;
  acked_at: number | null;
  class: string;
  result: string | null;
}

/** Everything the agent keeps about the outside world, read while it runs. */
export interface StoreSnapshot {
  outbox: OutboxRecord[];
  commandsSeen: Array<{ id: string; name: string; status: string; result: string; received_at: number }>;
  syncDocuments: unknown[];
  cardBindings: unknown[];
  balanceSnapshots: unknown[];
  audit: unknown[];
  kv: Record<string, string>;
}

/** A read-only look at the agent's live database (WAL: readers do not disturb the writer). */
export function snapshotStore(file: string): StoreSnapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return {
      outbox: all<OutboxRecord>('SELECT * FROM outbox ORDER BY seq'),
      commandsSeen: all('SELECT * FROM commands_seen ORDER BY id'),
      syncDocuments: all('SELECT * FROM sync_documents ORDER BY kind'),
      cardBindings: all('SELECT * FROM card_bindings ORDER BY card_key'),
      balanceSnapshots: all('SELECT * FROM balance_snapshots ORDER BY resident_key, account'),
      audit: all('SELECT * FROM audit ORDER BY id'),
      kv: Object.fromEntries(
        all<{ key: string; value: string }>('SELECT key, value FROM kv ORDER BY key').map((row) => [
          row.key,
          row.value,
        ]),
      ),
    };
  } finally {
    db.close();
  }
}
