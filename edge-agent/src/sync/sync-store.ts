import { assertNever } from '@yaofang/shared';
import type { Account, BalanceSnapshot, CardBinding, SyncDocument } from '@yaofang/shared/sync';
import type { Db } from '../store/database.ts';

/** Where a rules document came from: this station's topic or `yf/v1/all/rules`. */
export type RulesScope = 'station' | 'district';

/** The `sync_documents.kind` key a document is stored under. */
export function documentKey(kind: SyncDocument['kind'], scope: RulesScope): string {
  return scope === 'district' ? `district-${kind}` : kind;
}

export interface StoredDocument {
  version: number;
  payload: string;
  signature: string;
  receivedAt: number;
}

export interface StoredRules {
  version: number;
  issuedAt: string;
  data: Record<string, unknown>;
}

export interface StoredCardBinding extends CardBinding {
  version: number;
}

export interface StoredBalance extends BalanceSnapshot {
  receivedAt: number;
}

/**
 * Reads and writes of what the central platform synced: the signed documents
 * exactly as received, the card bindings and the balance snapshots. Writes
 * run inside the caller's transaction.
 */
export class SyncStore {
  private readonly documentStmt;
  private readonly saveDocumentStmt;
  private readonly clearBindingsStmt;
  private readonly insertBindingStmt;
  private readonly bindingStmt;
  private readonly upsertBalanceStmt;
  private readonly balanceStmt;

  constructor(private readonly db: Db) {
    this.documentStmt = db.prepare<[string], StoredDocument>(
      'SELECT version, payload, signature, received_at AS receivedAt FROM sync_documents WHERE kind = ?',
    );
    this.saveDocumentStmt = db.prepare(
      `INSERT INTO sync_documents (kind, version, payload, signature, received_at)
       VALUES (@key, @version, @payload, @signature, @receivedAt)
       ON CONFLICT (kind) DO UPDATE SET version = excluded.version, payload = excluded.payload,
         signature = excluded.signature, received_at = excluded.received_at`,
    );
    this.clearBindingsStmt = db.prepare('DELETE FROM card_bindings');
    this.insertBindingStmt = db.prepare(
      `INSERT INTO card_bindings (card_key, resident_key, household, kind, version)
       VALUES (@cardKey, @residentKey, @household, @kind, @version)`,
    );
    this.bindingStmt = db.prepare<[string], StoredCardBinding>(
      `SELECT card_key AS cardKey, resident_key AS residentKey, household, kind, version
       FROM card_bindings WHERE card_key = ?`,
    );
    // A snapshot older than the one held (e.g. one the edge derived from a newer ack) never wins.
    this.upsertBalanceStmt = db.prepare(
      `INSERT INTO balance_snapshots (resident_key, account, balance, as_of, received_at)
       VALUES (@residentKey, @account, @balance, @asOf, @receivedAt)
       ON CONFLICT (resident_key, account) DO UPDATE SET balance = excluded.balance,
         as_of = excluded.as_of, received_at = excluded.received_at
       WHERE excluded.as_of >= balance_snapshots.as_of`,
    );
    this.balanceStmt = db.prepare<[string, string], StoredBalance>(
      `SELECT resident_key AS residentKey, account, balance, as_of AS asOf, received_at AS receivedAt
       FROM balance_snapshots WHERE resident_key = ? AND account = ?`,
    );
  }

  document(key: string): StoredDocument | null {
    return this.documentStmt.get(key) ?? null;
  }

  /** Who holds the card, or null when the central platform has not bound it. */
  cardBinding(cardKey: string): StoredCardBinding | null {
    return this.bindingStmt.get(cardKey) ?? null;
  }

  /** The central platform's last snapshot of one account, or null. */
  balance(residentKey: string, account: Account): StoredBalance | null {
    return this.balanceStmt.get(residentKey, account) ?? null;
  }

  /** The district-wide and the station's own rules, each as last accepted. */
  storedRules(): { district: StoredRules | null; station: StoredRules | null } {
    return { district: this.rules(documentKey('rules', 'district')), station: this.rules('rules') };
  }

  private rules(key: string): StoredRules | null {
    const stored = this.document(key);
    if (!stored) return null;
    // Verified and schema-checked when received; the stored bytes are the signed ones.
    const payload = JSON.parse(stored.payload) as { version: number; issuedAt: string; data: object };
    return {
      version: payload.version,
      issuedAt: payload.issuedAt,
      data: payload.data as Record<string, unknown>,
    };
  }

  /** Must run inside a transaction, with the document already verified. */
  save(
    key: string,
    document: SyncDocument,
    wire: { payload: string; signature: string },
    receivedAt: number,
  ): void {
    if (!this.db.inTransaction) throw new Error('SyncStore.save must run inside a transaction');
    this.saveDocumentStmt.run({ key, version: document.version, ...wire, receivedAt });
    switch (document.kind) {
      case 'rules':
        return;
      case 'cards':
        this.clearBindingsStmt.run();
        for (const binding of document.data)
          this.insertBindingStmt.run({ ...binding, version: document.version });
        return;
      case 'balances':
        for (const snapshot of document.data)
          this.upsertBalanceStmt.run({
            ...snapshot,
            // Normalised to UTC so the text comparison above orders correctly.
            asOf: new Date(snapshot.asOf).toISOString(),
            receivedAt,
          });
        return;
      default:
        assertNever(document, 'sync document kind');
    }
  }
}
