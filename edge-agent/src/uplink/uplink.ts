import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topics, type StationState } from '@yaofang/shared';
import { Backoff } from '@yaofang/firmware-bridge/transport/backoff';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { Logger } from 'pino';
import type { Outbox } from '../store/outbox.ts';

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
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
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
export class Uplink {
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
  private flushScheduled = false;
  private draining = false;
  private readonly statusListeners = new Listeners<UplinkStatus>();

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

  /** New rows were committed: send them if we can. */
  kick(): void {
    this.drain();
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
      this.backoff.reset();
      this.queuedThrough = 0;
      this.inflight = 0;
      this.log.info({ url: this.options.url }, 'uplink connected');
      client.publish(topics.state(stationId), JSON.stringify(this.state(true)), { qos: 1, retain: true });
      this.emitStatus();
      this.drain();
    });
    client.on('error', (error) => {
      this.lastError = error.message;
    });
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
    if (wasConnected) this.log.warn({ lastError: this.lastError, retryInMs: delay }, 'uplink lost');
    this.emitStatus();
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
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
    }
  }

  /** PUBACKs arrive one by one; rows are marked sent in one transaction per tick. */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushAcked();
      this.emitStatus();
    });
  }

  private flushAcked(): void {
    const seqs = this.acked;
    this.acked = [];
    this.outbox.markSent(seqs);
  }

  private emitStatus(): void {
    this.statusListeners.emit(this.status());
  }
}
