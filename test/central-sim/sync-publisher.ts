import { signPayload, topics } from '@yaofang/shared';
import {
  firstIssue,
  syncDocumentSchema,
  type BalanceSnapshot,
  type CardBinding,
  type SyncDocument,
  type SyncKind,
} from '@yaofang/shared/sync';
import type { CentralDb } from './ledger-store.ts';
import type { CentralKeys } from './signing-keys.ts';

export interface SyncPublishOptions {
  /** Default: one more than the last version published for this station and kind. */
  version?: number;
  issuedAt?: string;
}

export interface PublishedDocument {
  topic: string;
  version: number;
  /** The exact signed text published. */
  wire: string;
}

export interface SyncPublisherDeps {
  db: CentralDb;
  keys: CentralKeys;
  /** Resolves true once the broker has the message (PUBACK). */
  publish: (topic: string, payload: string, retain: boolean) => Promise<boolean>;
}

/**
 * Signs and publishes sync documents: rules (retained; district-wide on
 * `yf/v1/all/rules` or per station), card bindings and balance snapshots.
 * Versions count up per station and kind, durably.
 */
export class SyncPublisher {
  private readonly versionStmt;
  private readonly saveVersionStmt;

  constructor(private readonly deps: SyncPublisherDeps) {
    this.versionStmt = deps.db.prepare<[string], { version: number }>(
      'SELECT version FROM sync_versions WHERE scope = ?',
    );
    this.saveVersionStmt = deps.db.prepare(
      `INSERT INTO sync_versions (scope, version) VALUES (?, ?)
       ON CONFLICT (scope) DO UPDATE SET version = max(version, excluded.version)`,
    );
  }

  /** Sign a document payload as the central does (tests tamper with the result). */
  sign(document: SyncDocument): string {
    return signPayload(this.deps.keys.privateKey, document, this.deps.keys.keyId);
  }

  rules(data: Record<string, unknown>, station?: string, options?: SyncPublishOptions) {
    return this.publish('rules', data, station, options);
  }

  cards(station: string, bindings: CardBinding[], options?: SyncPublishOptions) {
    return this.publish('cards', bindings, station, options);
  }

  balances(station: string, snapshots: BalanceSnapshot[], options?: SyncPublishOptions) {
    return this.publish('balances', snapshots, station, options);
  }

  private async publish(
    kind: SyncKind,
    data: unknown,
    station: string | undefined,
    options: SyncPublishOptions = {},
  ): Promise<PublishedDocument> {
    const scope = `${station ?? 'all'}/${kind}`;
    const version = options.version ?? (this.versionStmt.get(scope)?.version ?? 0) + 1;
    const parsed = syncDocumentSchema.safeParse({
      v: 1,
      kind,
      version,
      issuedAt: options.issuedAt ?? new Date().toISOString(),
      ...(station === undefined ? {} : { station }),
      data,
    });
    if (!parsed.success) throw new TypeError(`${kind} document is not valid: ${firstIssue(parsed.error)}`);
    const wire = this.sign(parsed.data);
    const topic = station === undefined ? topics.districtRules() : topics.sync(station, kind);
    if (!(await this.deps.publish(topic, wire, kind === 'rules'))) {
      throw new Error(`could not publish the ${kind} document on ${topic}: the central is not connected`);
    }
    this.saveVersionStmt.run(scope, version);
    return { topic, version, wire };
  }
}
