import type { KeyObject } from 'node:crypto';
import { parseTopic, topics, verifySigned, type Disposer } from '@yaofang/shared';
import { isSyncKind, syncDocumentSchema, type SyncKind } from '@yaofang/shared/sync';
import type { Logger } from 'pino';
import type { Db } from '../store/database.ts';
import type { MqttLink } from '../uplink/uplink.ts';
import { SyncStore, documentKey, type RulesScope } from './sync-store.ts';

export interface SyncReceiverDeps {
  db: Db;
  link: MqttLink;
  stationId: string;
  centralPublicKey: KeyObject;
  log: Logger;
  /** After a new version is committed. */
  onApplied?: (kind: SyncKind, version: number, scope: RulesScope) => void;
}

export type SyncRefusal =
  | 'unknown-topic'
  | 'malformed'
  | 'bad-signature'
  | 'invalid-payload'
  | 'kind-mismatch'
  | 'wrong-station'
  | 'stale-version'
  | 'version-conflict';

export type SyncOutcome =
  | { status: 'applied'; kind: SyncKind; version: number; scope: RulesScope }
  /** The same version again (a retained copy after a reconnect): nothing to do. */
  | { status: 'unchanged'; kind: SyncKind; version: number; scope: RulesScope }
  | { status: 'refused'; code: SyncRefusal; reason: string };

/**
 * Receives the central platform's signed documents on `yf/v1/{station}/sync/+`
 * and `yf/v1/all/rules`. A document is accepted only if its signature is the
 * central key's, it is for this station, its kind matches the topic and its
 * version is newer than the one stored; then it is stored exactly as received
 * and applied to bindings / snapshots in one transaction.
 */
export class SyncReceiver {
  private readonly store: SyncStore;
  private disposers: Disposer[] = [];

  constructor(private readonly deps: SyncReceiverDeps) {
    this.store = new SyncStore(deps.db);
  }

  start(): void {
    if (this.disposers.length > 0) return;
    const { link, stationId } = this.deps;
    const handler = (topic: string, payload: Buffer) => {
      this.receive(topic, payload);
    };
    this.disposers = [
      link.subscribe(topics.sync(stationId, '+'), handler),
      link.subscribe(topics.districtRules(), handler),
    ];
  }

  stop(): void {
    for (const dispose of this.disposers) dispose();
    this.disposers = [];
  }

  /** Check and apply one message; the outcome is also logged. */
  receive(topic: string, payload: Buffer | string): SyncOutcome {
    const outcome = this.check(topic, payload);
    const { log } = this.deps;
    switch (outcome.status) {
      case 'applied':
        log.info(
          { kind: outcome.kind, version: outcome.version, scope: outcome.scope },
          'sync document applied',
        );
        this.deps.onApplied?.(outcome.kind, outcome.version, outcome.scope);
        break;
      case 'unchanged':
        log.debug({ kind: outcome.kind, version: outcome.version }, 'sync document already held');
        break;
      case 'refused':
        log.warn({ topic, code: outcome.code, reason: outcome.reason }, 'sync document refused');
        break;
      default:
        outcome satisfies never;
    }
    return outcome;
  }

  private check(topic: string, payload: Buffer | string): SyncOutcome {
    const { stationId, centralPublicKey, db } = this.deps;
    const target = this.targetOf(topic);
    if (!target) {
      return refused('unknown-topic', `topic ${topic} is not a sync topic (sync/rules|cards|balances)`);
    }
    const verified = verifySigned(centralPublicKey, payload, syncDocumentSchema);
    if (!verified.ok) return refused(verified.error.code, verified.error.reason);
    const { payload: document, payloadText, sig } = verified.value;
    if (document.kind !== target.kind) {
      return refused('kind-mismatch', `a ${document.kind} document arrived on the ${target.kind} topic`);
    }
    if (target.scope === 'district' && document.station !== undefined) {
      return refused('wrong-station', `district rules must not name a station (names ${document.station})`);
    }
    if (target.scope === 'station' && document.station !== stationId) {
      return refused(
        'wrong-station',
        document.station === undefined
          ? `document names no station; station documents must name ${stationId}`
          : `document is for station ${document.station}, this is ${stationId}`,
      );
    }
    const key = documentKey(document.kind, target.scope);
    const done = { kind: document.kind, version: document.version, scope: target.scope };
    return db.transaction((): SyncOutcome => {
      const held = this.store.document(key);
      if (held && document.version < held.version) {
        return refused(
          'stale-version',
          `version ${document.version} is older than the stored version ${held.version}`,
        );
      }
      if (held && document.version === held.version) {
        return held.payload === payloadText
          ? { status: 'unchanged', ...done }
          : refused(
              'version-conflict',
              `version ${document.version} is already stored with different content; the central must issue a new version`,
            );
      }
      this.store.save(key, document, { payload: payloadText, signature: sig }, Date.now());
      return { status: 'applied', ...done };
    })();
  }

  private targetOf(topic: string): { kind: SyncKind; scope: RulesScope } | null {
    if (topic === topics.districtRules()) return { kind: 'rules', scope: 'district' };
    const parsed = parseTopic(topic);
    if (!parsed || parsed.stationId !== this.deps.stationId) return null;
    const [section, kind, ...extra] = parsed.rest;
    if (section !== 'sync' || kind === undefined || extra.length > 0 || !isSyncKind(kind)) return null;
    return { kind, scope: 'station' };
  }
}

function refused(code: SyncRefusal, reason: string): SyncOutcome {
  return { status: 'refused', code, reason };
}
