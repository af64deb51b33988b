import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topics, type StationState } from '@yaofang/shared';
import { Backoff } from '@yaofang/firmware-bridge/transport/backoff';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { Logger } from 'pino';
import type { Outbox } from '../store/outbox.ts';
import { bookkeeping } from '../store/capacity.ts';
import type { Disposer } from '@yaofang/shared';

export interface UplinkOptions {
  url: string;
  stationId: string;
  clientId: string;
  version: string;
  bootCount: number;
  protocolVersion: 4 | 5;
  keepaliveSeconds: number;
  /** How many QoS 1 publishes may await PUBACK at once. */
  inflightWindow: number;
  reconnectBaseMs: number;
  reconnectCapMs: number;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; rejectUnauthorized?: boolean };
}

/**
 * What other modules (commands, sync, requests, telemetry) need of the MQTT
 * connection, without owning it. Subscriptions survive reconnects.
 */
export interface MqttLink {
  /** Subscribe at QoS 1 now (if connected) and again on every reconnect. */
  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): Disposer;
  /**
   * Publish outside the outbox (responses, telemetry). Resolves true once the
   * broker has it (PUBACK for QoS 1, written for QoS 0), false when offline:
   * such messages are not queued.
   */
  publish(
    topic: string,
    payload: string | Buffer,
    options: { qos: 0 | 1; retain?: boolean },
  ): Promise<boolean>;
  isConnected(): boolean;
  onConnection(listener: (connected: boolean) => void): Disposer;
}

export interface UplinkStatus {
  connected: boolean;
  backlog: number;
  lastError: string | null;
}

/**
 * Drains the outbox to the broker, in `seq` order, with a bounded window of
 * in-flight QoS 1 messages, marking rows sent on PUBACK.
 *
 * mqtt.js's own reconnect and offline store are off: each connection attempt
 * gets a fresh client, so nothing is replayed behind our back; what was in
 * flight when a link dropped is simply sent again from the outbox (same id,
 * same bytes) and the central side dedups by id.
 */
const MARK_SENT_EVERY_MS = 20;

export class Uplink implements MqttLink {
  private client: MqttClient | null = null;
  private running = false;
  private connected = false;
  private lastError: string | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly backoff: Backoff;
  /** Highest seq handed to the client on this connection. */
  private queuedThrough = 0;
  private inflight = 0;
  private acked: number[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private draining = false;
  private readonly statusListeners = new Listeners<UplinkStatus>();
  private readonly connectionListeners = new Listeners<boolean>();
  private readonly subscriptions = new Map<string, Set<(topic: string, payload: Buffer) => void>>();

  constructor(
    private readonly outbox: Outbox,
    private readonly options: UplinkOptions,
    private readonly log: Logger,
  ) {
    this.backoff = new Backoff({ baseMs: options.reconnectBaseMs, capMs: options.reconnectCapMs });
  }

  start(): void {
    this.running = true;
    this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    // The marks are written now; a timer left behind would touch the store after it closed.
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushAcked();
    const client = this.client;
    this.client = null;
    if (!client) return;
    if (this.connected) {
      // A graceful stop says offline itself; the LWT covers the ungraceful ones.
      await client
        .publishAsync(topics.state(this.options.stationId), JSON.stringify(this.state(false)), {
          qos: 1,
          retain: true,
        })
        .catch(() => undefined);
    }
    this.connected = false;
    await client.endAsync(true).catch(() => undefined);
  }

  /**
   * Rows from `fromSeq` were marked unsent (command `outbox.resend`): page
   * from there again. Rows still in flight may go twice; the central side
   * dedups by id.
   */
  rewind(fromSeq: number): void {
    this.queuedThrough = Math.min(this.queuedThrough, Math.max(0, fromSeq - 1));
    this.drain();
  }

  /** New rows were committed: send them if we can. */
  kick(): void {
    this.drain();
  }

  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): Disposer {
    let handlers = this.subscriptions.get(filter);
    if (!handlers) {
      handlers = new Set();
      this.subscriptions.set(filter, handlers);
      if (this.connected) this.client?.subscribe(filter, { qos: 1 });
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) {
        this.subscriptions.delete(filter);
        if (this.connected) this.client?.unsubscribe(filter);
      }
    };
  }

  publish(
    topic: string,
    payload: string | Buffer,
    options: { qos: 0 | 1; retain?: boolean },
  ): Promise<boolean> {
    const client = this.client;
    if (!client || !this.connected) return Promise.resolve(false);
    return new Promise((resolve) => {
      client.publish(topic, payload, { qos: options.qos, retain: options.retain ?? false }, (error) =>
        resolve(!error),
      );
    });
  }

  isConnected(): boolean {
    return this.connected;
  }

  onConnection(listener: (connected: boolean) => void): Disposer {
    return this.connectionListeners.add(listener);
  }

  status(): UplinkStatus {
    return { connected: this.connected, backlog: this.outbox.backlog(), lastError: this.lastError };
  }

  onStatus(listener: (status: UplinkStatus) => void) {
    return this.statusListeners.add(listener);
  }

  private state(online: boolean): StationState {
    return {
      online,
      station: this.options.stationId,
      version: this.options.version,
      bootCount: this.options.bootCount,
      lastSeq: this.outbox.lastSeq(),
      ts: new Date().toISOString(),
    };
  }

  private connect(): void {
    if (!this.running) return;
    const { stationId } = this.options;
    const clientOptions: IClientOptions = {
      clientId: this.options.clientId,
      clean: false,
      keepalive: this.options.keepaliveSeconds,
      protocolVersion: this.options.protocolVersion,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: {
        topic: topics.state(stationId),
        payload: Buffer.from(JSON.stringify({ ...this.state(false), bootCount: this.options.bootCount })),
        qos: 1,
        retain: true,
      },
      ...(this.options.protocolVersion === 5 ? { properties: { sessionExpiryInterval: 7 * 24 * 3600 } } : {}),
      ...(this.options.tls ?? {}),
    };
    const client = mqtt.connect(this.options.url, clientOptions);
    this.client = client;
    client.on('connect', () => {
      if (this.client !== client) return;
      this.connected = true;
      this.lastError = null;
      // Small PUBLISH packets must not wait for Nagle's algorithm behind delayed ACKs.
      (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      this.backoff.reset();
      this.queuedThrough = 0;
      this.inflight = 0;
      this.log.info({ url: this.options.url }, 'uplink connected');
      client.publish(topics.state(stationId), JSON.stringify(this.state(true)), { qos: 1, retain: true });
      const filters = [...this.subscriptions.keys()];
      if (filters.length > 0) client.subscribe(filters, { qos: 1 });
      this.connectionListeners.emit(true);
      this.emitStatus();
      this.drain();
    });
    client.on('error', (error) => {
      this.lastError = error.message;
    });
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
    client.on('close', () => this.lost(client));
  }

  private lost(client: MqttClient): void {
    if (this.client !== client) return;
    this.client = null;
    const wasConnected = this.connected;
    this.connected = false;
    this.inflight = 0;
    this.queuedThrough = 0;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end(true);
    if (!this.running) return;
    const delay = this.backoff.next();
    if (wasConnected) {
      this.log.warn({ lastError: this.lastError, retryInMs: delay }, 'uplink lost');
      this.connectionListeners.emit(false);
    }
    this.emitStatus();
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private dispatch(topic: string, payload: Buffer): void {
    for (const [filter, handlers] of this.subscriptions) {
      if (!topicMatches(filter, topic)) continue;
      for (const handler of handlers) {
        try {
          handler(topic, payload);
        } catch (error) {
          this.log.error({ err: error, topic }, 'message handler failed');
        }
      }
    }
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    // Hold the socket's writes until the whole page is queued: one writev for
    // many PUBLISH packets instead of one system call each.
    const stream = this.client?.stream;
    stream?.cork();
    try {
      const client = this.client;
      while (this.connected && client && this.inflight < this.options.inflightWindow) {
        const rows = this.outbox.nextUnsent(this.queuedThrough, this.options.inflightWindow - this.inflight);
        if (rows.length === 0) break;
        for (const row of rows) {
          this.queuedThrough = row.seq;
          this.inflight++;
          client.publish(this.outbox.topicOf(row), row.payload, { qos: 1 }, (error) => {
            if (this.client !== client) return; // a stale connection: the rows go again on the new one
            this.inflight--;
            if (error) {
              this.lastError = error.message;
              return;
            }
            this.acked.push(row.seq);
            this.scheduleFlush();
            this.drain();
          });
        }
      }
    } finally {
      this.draining = false;
      if (stream) process.nextTick(() => stream.uncork());
    }
  }

  /**
   * PUBACKs arrive one by one; rows are marked sent together, at most every
   * few milliseconds, because each commit is an fsync. Losing a mark in a
   * crash only means the row is sent again, which the central side dedups.
   */
  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flushAcked();
      this.emitStatusSoon();
    }, MARK_SENT_EVERY_MS);
  }

  /** Write pending "sent" marks now (before an ack from the central is judged). */
  flushSentMarks(): void {
    this.flushAcked();
  }

  private flushAcked(): void {
    const seqs = this.acked;
    this.acked = [];
    if (!bookkeeping(() => this.outbox.markSent(seqs))) {
      // The store is at its hard cap: keep the marks for the next flush; a row
      // not marked sent is at worst sent again, and the central dedups it.
      this.acked.push(...seqs);
      this.log.error({ rows: seqs.length }, 'sent marks not recorded yet: the store is full');
    }
  }

  private emitStatus(): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = null;
    this.statusListeners.emit(this.status());
  }

  /** While a backlog drains, tell listeners at most a few times a second (counting rows is not free). */
  private emitStatusSoon(): void {
    if (this.statusTimer || !this.running) return;
    this.statusTimer = setTimeout(() => this.emitStatus(), 250);
  }
}

/** MQTT topic filter matching with `+` and `#`. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
