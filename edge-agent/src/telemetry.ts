import { topics } from '@yaofang/shared';
import type { Logger } from 'pino';
import type { MqttLink, UplinkStatus } from './uplink/uplink.ts';

export interface TelemetryDeps {
  link: MqttLink;
  stationId: string;
  intervalMs: number;
  uplinkStatus: () => UplinkStatus;
  devices: () => Record<string, unknown>;
  log: Logger;
}

/**
 * Health on `tele` at QoS 0: droppable by design, never in the outbox. When
 * the link is down a sample is simply skipped; the next one says the same
 * thing newer.
 */
export class TelemetryPublisher {
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();

  constructor(private readonly deps: TelemetryDeps) {}

  start(): void {
    this.timer = setInterval(() => void this.publishNow(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  sample(): Record<string, unknown> {
    const memory = process.memoryUsage();
    const uplink = this.deps.uplinkStatus();
    return {
      v: 1,
      station: this.deps.stationId,
      ts: new Date().toISOString(),
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      uplink: { connected: uplink.connected, backlog: uplink.backlog },
      devices: this.deps.devices(),
      memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
    };
  }

  async publishNow(): Promise<boolean> {
    const sent = await this.deps.link.publish(
      topics.telemetry(this.deps.stationId),
      JSON.stringify(this.sample()),
      {
        qos: 0,
      },
    );
    if (!sent) this.deps.log.debug('telemetry skipped: uplink offline');
    return sent;
  }
}
