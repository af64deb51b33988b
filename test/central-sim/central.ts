import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { parseTopic, type Disposer, type EventEnvelope } from '@yaofang/shared';
import type { BalanceSnapshot, CardBinding, RequestKind, SyncDocument } from '@yaofang/shared/sync';
import { AckBatcher } from './acks.ts';
import { silentLog, type CentralLog } from './central-log.ts';
import { openCentralDb, type CentralDb } from './ledger-store.ts';
import { RequestResponder, type RequestHandler } from './requests.ts';
import { loadOrCreateKeys, type CentralKeys } from './signing-keys.ts';
import { issueCommand, type CommandArgs, type CommandName } from '@yaofang/shared/commands';
import { topics } from '@yaofang/shared';
import { StationLedger, type AppliedEvent, type EventVerdict } from './station-ledger.ts';
import { SyncPublisher, type PublishedDocument, type SyncPublishOptions } from './sync-publisher.ts';
import { WasteLedger, type WasteLedgerOptions, type WasteLedgerSnapshot } from './waste/waste-ledger.ts';
import { Hall } from './hall/hall.ts';
import type { HallOptions } from './hall/options.ts';

export interface ReferenceCentralOptions {
  url: string;
  clientId?: string;
  /** 5 (default) or 4 for MQTT 3.1.1 brokers such as aedes. */
  protocolVersion?: 4 | 5;
  /** SQLite file of the ledger; a central restarted on the same file keeps its state. Default: in memory. */
  dataFile?: string;
  /** Directory of the Ed25519 signing key pair (created on first use). Default: a fresh pair in memory. */
  keyDir?: string;
  /** Acks: at most one per station per `ackIntervalMs` (default 100) or per `ackMaxEvents` (default 100). */
  ackIntervalMs?: number;
  ackMaxEvents?: number;
  /** Artificial delay before answering a request (default 0); also settable later. */
  responseDelayMs?: number;
  log?: CentralLog;
}

/** A business rule for one event type; `applied` unless it says otherwise. */
export type EventHandler = (envelope: EventEnvelope, station: string) => EventVerdict;

/**
 * The reference central platform: what the district side must do, runnable.
 * A persistent-session subscriber to every station's events that applies
 * each once, in order, with the chain verified, durably; acks what it
 * applied; answers requests; signs and publishes sync documents.
 */
export class ReferenceCentral {
  private client: MqttClient | null = null;
  private db: CentralDb | null = null;
  /** False from the first moment of stop(): nothing more is applied or PUBACKed. */
  private accepting = false;
  private closing = false;
  private readonly ledgers = new Map<string, StationLedger>();
  private readonly eventHandlers = new Map<string, EventHandler>();
  private readonly listeners = new Set<(station: string, envelope: EventEnvelope) => void>();
  private readonly log: CentralLog;
  private readonly acks: AckBatcher;
  private readonly requests: RequestResponder;
  private syncPublisher: SyncPublisher | null = null;
  private waste: WasteLedger | null = null;
  private hallModule: Hall | null = null;
  readonly keys: CentralKeys;
  readonly rejections: Array<{ station: string; reason: string }> = [];
  /** Every event delivery seen, duplicates included (for tests that count deliveries). */
  deliveries = 0;
  responseDelayMs: number;

  constructor(private readonly options: ReferenceCentralOptions) {
    this.log = options.log ?? silentLog;
    this.keys = loadOrCreateKeys(options.keyDir);
    this.responseDelayMs = options.responseDelayMs ?? 0;
    this.acks = new AckBatcher({
      publish: (topic, payload) => this.publish(topic, payload, false),
      ledger: (station) => this.ledger(station),
      intervalMs: options.ackIntervalMs ?? 100,
      maxEvents: options.ackMaxEvents ?? 100,
    });
    this.requests = new RequestResponder({
      publish: (topic, payload) => this.publish(topic, payload, false),
      log: this.log,
      delayMs: () => this.responseDelayMs,
    });
  }

  get publicKeyPem(): string {
    return this.keys.publicKeyPem;
  }

  async start(): Promise<void> {
    this.closing = false;
    this.accepting = true;
    this.requests.start();
    this.database();
    const options: IClientOptions = {
      clientId: this.options.clientId ?? 'yf-reference-central',
      clean: false,
      ...(this.options.protocolVersion === 4
        ? { protocolVersion: 4 as const }
        : { protocolVersion: 5 as const, properties: { sessionExpiryInterval: 3600 } }),
      reconnectPeriod: 500,
    };
    const client = mqtt.connect(this.options.url, options);
    // mqtt.js sends the PUBACK when this calls back: only after the event is
    // committed, and never once stopping began, so the broker redelivers to the
    // next run whatever this one did not apply. Set before CONNACK: messages
    // queued in our persistent session may arrive right behind it.
    client.handleMessage = (packet, done) => {
      if (!this.accepting) return;
      try {
        this.receive(packet.topic, packet.payload.toString());
      } catch (error) {
        // A bug here must not PUBACK what was not applied.
        this.log('warn', 'message not applied', { topic: packet.topic, error: (error as Error).message });
        return;
      }
      done();
    };
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        client.off('connect', connected);
        this.client = null;
        client.end(true);
        reject(error);
      };
      const connected = () => {
        client.off('error', failed);
        resolve();
      };
      client.once('connect', connected);
      client.once('error', failed);
    });
    client.on('error', (error) => this.log('warn', 'mqtt error', { error: error.message }));
    await client.subscribeAsync(['yf/v1/+/evt/#', 'yf/v1/+/req'], { qos: 1 });
    const stations = this.database().prepare<[], { station: string }>('SELECT station FROM stations').all();
    for (const { station } of stations) await this.acks.catchUp(this.ledger(station));
    this.log('info', 'reference central started', { url: this.options.url, stations: stations.length });
  }

  /** Safe to call from inside an `onApplied` listener: what is not yet applied stays with the broker. */
  async stop(): Promise<void> {
    this.accepting = false;
    this.requests.stop();
    const client = this.client;
    if (client?.connected) {
      await Promise.race([this.acks.flushAll(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    }
    this.acks.discard(); // whatever did not go out is re-acked by the next start
    this.closing = true;
    this.client = null;
    await client?.endAsync(true);
    this.ledgers.clear();
    this.syncPublisher = null;
    this.db?.close();
    this.db = null;
  }

  ledger(station: string): StationLedger {
    let ledger = this.ledgers.get(station);
    if (!ledger) {
      ledger = new StationLedger(this.database(), station);
      this.ledgers.set(station, ledger);
    }
    return ledger;
  }

  /** The station's applied events with their verdicts, in seq order. */
  applied(station: string): AppliedEvent[] {
    return this.ledger(station).eventsAfter(0);
  }

  onApplied(listener: (station: string, envelope: EventEnvelope) => void): Disposer {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Business rules for one event type (flows add theirs); a throwing handler rejects the event. */
  onEvent(type: string, handler: EventHandler): Disposer {
    this.eventHandlers.set(type, handler);
    return () => {
      if (this.eventHandlers.get(type) === handler) this.eventHandlers.delete(type);
    };
  }

  onRequest(kind: RequestKind, handler: RequestHandler): Disposer {
    return this.requests.on(kind, handler);
  }

  /** Requests dropped unanswered (deadline passed, not JSON), with why. */
  get ignoredRequests(): ReadonlyArray<{ station: string; id: string | null; reason: string }> {
    return this.requests.ignored;
  }

  /** Retained rules: district-wide without `station`, else for that station only. */
  publishRules(
    data: Record<string, unknown>,
    options: SyncPublishOptions & { station?: string } = {},
  ): Promise<PublishedDocument> {
    return this.sync().rules(data, options.station, options);
  }

  publishCards(
    station: string,
    bindings: CardBinding[],
    options?: SyncPublishOptions,
  ): Promise<PublishedDocument> {
    return this.sync().cards(station, bindings, options);
  }

  publishBalances(
    station: string,
    snapshots: BalanceSnapshot[],
    options?: SyncPublishOptions,
  ): Promise<PublishedDocument> {
    return this.sync().balances(station, snapshots, options);
  }

  /**
   * Opt in to the waste-points ledger (test/central-sim/waste): every
   * `waste.deposited` is checked, deduplicated by dropId and held to the daily
   * household cap across stations, and the resident's balance is published
   * on `sync/balances` once applied. Call before `start()`; calling again
   * returns the same ledger.
   */
  enableWasteLedger(options: WasteLedgerOptions = {}): WasteLedger {
    if (!this.waste) {
      this.waste = new WasteLedger({ ...options, host: this, db: () => this.db, log: this.log });
      this.waste.start();
    }
    return this.waste;
  }

  /**
   * Opt in to the self-service hall and the time bank (test/central-sim/hall):
   * `timebank.*.requested` decided by the time-bank rules (the answer in the
   * ack's data, minutes balances published after the ack), `card.bind.requested`
   * (the station's cards document published again), `queue.ticket.issued`
   * recorded, and the `history`, `family`, `approval.status` and
   * `approval.list` requests answered. Call before `start()`; calling again
   * returns the same hall.
   */
  enableHall(options: HallOptions = {}): Hall {
    if (!this.hallModule) {
      this.hallModule = new Hall({
        ...options,
        host: this,
        db: () => this.db,
        log: this.log,
        wasteDrops: () => (this.waste ? Object.values(this.waste.snapshot().drops).flat() : []),
      });
      this.hallModule.start();
    }
    return this.hallModule;
  }

  /** The hall and time bank; needs `enableHall()`. */
  hall(): Hall {
    if (!this.hallModule) throw new Error('the hall is off: call enableHall() first');
    return this.hallModule;
  }

  /** Publish the station's waiting ack now instead of at the end of its batch interval. */
  flushAck(station: string): Promise<void> {
    return this.acks.flush(station);
  }

  /** Drops per station and points per resident; needs `enableWasteLedger()`. */
  wasteLedger(): WasteLedgerSnapshot {
    if (!this.waste) throw new Error('the waste ledger is off: call enableWasteLedger() first');
    return this.waste.snapshot();
  }

  /** Sign and publish a command for a station; returns its id. */
  async issueCommand<N extends CommandName>(
    station: string,
    name: N,
    args: CommandArgs<N>,
    ttlMs = 60_000,
  ): Promise<string> {
    const { id, wire } = issueCommand(this.keys.privateKey, {
      station,
      name,
      args,
      ttlMs,
      keyId: this.keys.keyId,
    });
    await this.publishRaw(topics.command(station), wire);
    return id;
  }

  signDocument(document: SyncDocument): string {
    return this.sync().sign(document);
  }

  /** Publish bytes as they are (QoS 1): for tests that send what a real central would not. */
  publishRaw(topic: string, payload: string, options: { retain?: boolean } = {}): Promise<boolean> {
    return this.publish(topic, payload, options.retain ?? false);
  }

  private receive(topic: string, payload: string): void {
    const parsed = parseTopic(topic);
    if (!parsed) return;
    const [section] = parsed.rest;
    if (section === 'evt') this.applyEvent(parsed.stationId, payload);
    else if (section === 'req' && parsed.rest.length === 1)
      void this.requests.receive(parsed.stationId, payload);
  }

  private applyEvent(station: string, payload: string): void {
    this.deliveries++;
    const outcome = this.ledger(station).apply(payload, (envelope) => this.decide(envelope, station));
    switch (outcome.kind) {
      case 'applied':
        this.acks.add(
          station,
          outcome.events.map((event) => event.result),
        );
        if (outcome.rejectedAhead) this.reject(station, outcome.rejectedAhead);
        for (const { envelope } of outcome.events)
          for (const listener of this.listeners) listener(station, envelope);
        return;
      case 'duplicate':
        // The edge may have missed the ack: say it again.
        if (outcome.result) this.acks.add(station, [outcome.result]);
        return;
      case 'buffered':
        return;
      case 'rejected':
        this.reject(station, outcome.reason);
        return;
      default:
        outcome satisfies never;
    }
  }

  private decide(envelope: EventEnvelope, station: string): EventVerdict {
    const handler = this.eventHandlers.get(envelope.type);
    if (!handler) return { status: 'applied' };
    try {
      return handler(envelope, station);
    } catch (error) {
      return { status: 'rejected', reason: `central rule failed: ${(error as Error).message}` };
    }
  }

  private reject(station: string, reason: string): void {
    this.rejections.push({ station, reason });
    this.log('warn', 'event rejected', { station, reason });
  }

  private publish(topic: string, payload: string, retain: boolean): Promise<boolean> {
    const client = this.client;
    if (!client || this.closing) return Promise.resolve(false);
    return new Promise((resolve) =>
      client.publish(topic, payload, { qos: 1, retain }, (error) => resolve(!error && !this.closing)),
    );
  }

  private database(): CentralDb {
    this.db ??= openCentralDb(this.options.dataFile);
    return this.db;
  }

  private sync(): SyncPublisher {
    this.syncPublisher ??= new SyncPublisher({
      db: this.database(),
      keys: this.keys,
      publish: (topic, payload, retain) => this.publish(topic, payload, retain),
    });
    return this.syncPublisher;
  }
}
