import { topics } from '@yaofang/shared';
import type { Ack, AckResult } from '@yaofang/shared/sync';
import type { StationLedger } from './station-ledger.ts';

export interface AckBatcherDeps {
  /** Resolves true once the broker has the ack (PUBACK). */
  publish: (topic: string, payload: string) => Promise<boolean>;
  ledger: (station: string) => StationLedger;
  /** At most one ack per station per this many ms … */
  intervalMs: number;
  /** … unless this many results are waiting. */
  maxEvents: number;
}

interface Batch {
  results: AckResult[];
  timer: NodeJS.Timeout | null;
}

/**
 * Batches acks: at most one per station per `intervalMs` or per `maxEvents`
 * results. How far acks went out is stored, so a central restarted before an
 * ack left re-sends it on start instead of leaving the edge waiting forever.
 */
export class AckBatcher {
  private readonly batches = new Map<string, Batch>();

  constructor(private readonly deps: AckBatcherDeps) {}

  add(station: string, results: AckResult[]): void {
    let batch = this.batches.get(station);
    if (!batch) {
      batch = { results: [], timer: null };
      this.batches.set(station, batch);
    }
    batch.results.push(...results);
    if (batch.results.length >= this.deps.maxEvents) {
      void this.flush(station);
    } else if (!batch.timer) {
      batch.timer = setTimeout(() => void this.flush(station), this.deps.intervalMs);
    }
  }

  /** Publish the waiting ack of one station now. */
  async flush(station: string): Promise<void> {
    const batch = this.batches.get(station);
    if (!batch) return;
    this.batches.delete(station);
    if (batch.timer) clearTimeout(batch.timer);
    const ledger = this.deps.ledger(station);
    await this.send(ledger, ledger.lastSeq, batch.results);
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.batches.keys()].map((station) => this.flush(station)));
  }

  /** Drop waiting batches without sending (stop while offline); `catchUp` sends them next start. */
  discard(): void {
    for (const batch of this.batches.values()) if (batch.timer) clearTimeout(batch.timer);
    this.batches.clear();
  }

  /** Ack everything applied after the last ack that went out, in chunks of `maxEvents`. */
  async catchUp(ledger: StationLedger): Promise<void> {
    const events = ledger.eventsAfter(ledger.ackedThrough);
    for (let start = 0; start < events.length; start += this.deps.maxEvents) {
      const chunk = events.slice(start, start + this.deps.maxEvents).map((event) => event.result);
      await this.send(ledger, chunk[chunk.length - 1]!.seq, chunk);
    }
  }

  private async send(ledger: StationLedger, upTo: number, results: AckResult[]): Promise<void> {
    const ack: Ack = { v: 1, station: ledger.station, upTo, results, ts: new Date().toISOString() };
    if (await this.deps.publish(topics.ack(ledger.station), JSON.stringify(ack))) ledger.markAcked(upTo);
  }
}
