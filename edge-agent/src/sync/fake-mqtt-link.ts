import type { Disposer } from '@yaofang/shared';
import { topicMatches, type MqttLink } from '../uplink/uplink.ts';

/**
 * An in-memory MqttLink for unit tests of one module: records what is
 * published, lets the test deliver messages and flip the connection.
 */
export class FakeMqttLink implements MqttLink {
  readonly published: Array<{ topic: string; payload: string; qos: 0 | 1; retain: boolean }> = [];
  private connected = true;
  private readonly handlers = new Set<{
    filter: string;
    handler: (topic: string, payload: Buffer) => void;
  }>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();

  subscribe(filter: string, handler: (topic: string, payload: Buffer) => void): Disposer {
    const entry = { filter, handler };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  publish(
    topic: string,
    payload: string | Buffer,
    options: { qos: 0 | 1; retain?: boolean },
  ): Promise<boolean> {
    if (!this.connected) return Promise.resolve(false);
    this.published.push({
      topic,
      payload: payload.toString(),
      qos: options.qos,
      retain: options.retain ?? false,
    });
    return Promise.resolve(true);
  }

  isConnected(): boolean {
    return this.connected;
  }

  onConnection(listener: (connected: boolean) => void): Disposer {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  /** Deliver a message as the broker would, to every matching subscription. */
  deliver(topic: string, payload: string | Buffer): void {
    const bytes = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    for (const { filter, handler } of [...this.handlers])
      if (topicMatches(filter, topic)) handler(topic, bytes);
  }

  setConnected(connected: boolean): void {
    if (connected === this.connected) return;
    this.connected = connected;
    for (const listener of [...this.connectionListeners]) listener(connected);
  }

  subscriptions(): string[] {
    return [...this.handlers].map((entry) => entry.filter);
  }
}
