import mqtt, { type MqttClient } from 'mqtt';
import { parseTopic, type EventEnvelope } from '@yaofang/shared';
import { StationLedger, type ApplyOutcome } from './station-ledger.ts';

export interface ReferenceCentralOptions {
  url: string;
  clientId?: string;
  /** 5 (default) or 4 for MQTT 3.1.1 brokers such as aedes. */
  protocolVersion?: 4 | 5;
}

/**
 * The reference central platform: what the district side must do, runnable.
 * A persistent-session subscriber to every station's events that applies
 * each once, in order, with the chain verified.
 */
export class ReferenceCentral {
  private client: MqttClient | null = null;
  readonly stations = new Map<string, StationLedger>();
  readonly rejections: Array<{ station: string; reason: string }> = [];
  /** Every event delivery seen, duplicates included (for tests that count deliveries). */
  deliveries = 0;
  private readonly listeners = new Set<(station: string, envelope: EventEnvelope) => void>();

  constructor(private readonly options: ReferenceCentralOptions) {}

  async start(): Promise<void> {
    const client = await mqtt.connectAsync(this.options.url, {
      clientId: this.options.clientId ?? 'yf-reference-central',
      clean: false,
      ...(this.options.protocolVersion === 4
        ? { protocolVersion: 4 as const }
        : { protocolVersion: 5 as const, properties: { sessionExpiryInterval: 3600 } }),
      reconnectPeriod: 500,
    });
    this.client = client;
    client.on('message', (topic, payload) => this.receive(topic, payload.toString('utf8')));
    await client.subscribeAsync('yf/v1/+/evt/#', { qos: 1 });
  }

  async stop(): Promise<void> {
    await this.client?.endAsync(true);
    this.client = null;
  }

  ledger(station: string): StationLedger {
    let ledger = this.stations.get(station);
    if (!ledger) {
      ledger = new StationLedger();
      this.stations.set(station, ledger);
    }
    return ledger;
  }

  onApplied(listener: (station: string, envelope: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(topic: string, payload: string): ApplyOutcome | null {
    const parsed = parseTopic(topic);
    if (!parsed) return null;
    this.deliveries++;
    const outcome = this.ledger(parsed.stationId).apply(payload);
    if (outcome.kind === 'rejected')
      this.rejections.push({ station: parsed.stationId, reason: outcome.reason });
    if (outcome.kind === 'applied') {
      for (const envelope of outcome.envelopes)
        for (const listener of this.listeners) listener(parsed.stationId, envelope);
    }
    return outcome;
  }
}
