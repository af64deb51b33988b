import type { Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import { CardDebouncer } from './card-debounce.ts';
import { WedgeDecoder } from './wedge-codec.ts';
import type { WedgeFormat } from './wedge-format.ts';

export interface WedgeCardEvent {
  type: 'card.presented';
  uid: string;
  /** What the reader typed, before the format mapping. */
  typed: string;
  at: number;
}

export interface WedgeDriverOptions {
  format: WedgeFormat;
  /** The same uid again within this many ms (sliding) is the same presentation. */
  debounceMs?: number;
  /**
   * A reader types a whole card within a few tens of ms. Half a card followed
   * by this much silence is dropped (and counted as an error) so it cannot
   * prefix the next card.
   */
  interKeyTimeoutMs?: number;
}

/**
 * Keyboard-wedge reader: output only. Listens to input reports, decodes the
 * typed card number and emits one `card.presented` per presentation. The
 * reader cannot tell us when a card leaves, so there is no `card.removed`.
 */
export class WedgeDriver {
  private readonly decoder: WedgeDecoder;
  private readonly debouncer: CardDebouncer;
  private readonly events = new Listeners<WedgeCardEvent>();
  private readonly tracker: HealthTracker;
  private readonly interKeyTimeoutMs: number;
  private partialTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];

  constructor(
    private readonly transport: ByteTransport,
    options: WedgeDriverOptions,
  ) {
    this.decoder = new WedgeDecoder(options.format);
    this.debouncer = new CardDebouncer(options.debounceMs ?? 1500);
    this.interKeyTimeoutMs = options.interKeyTimeoutMs ?? 500;
    this.tracker = new HealthTracker(transport);
  }

  start(): void {
    this.disposers.push(
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((health) => {
        if (health.state !== 'connected') {
          this.clearPartial();
          this.debouncer.reset();
        }
      }),
    );
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    this.clearPartial();
    this.tracker.dispose();
    await this.transport.stop();
  }

  onCard(listener: (event: WedgeCardEvent) => void): Disposer {
    return this.events.add(listener);
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.tracker.onChange(listener);
  }

  health(): DeviceHealth {
    return this.tracker.get();
  }

  private receive(chunk: Buffer): void {
    for (const message of this.decoder.push(chunk)) {
      if (message.type === 'error') {
        this.tracker.error(message.reason);
        continue;
      }
      this.tracker.frame(Buffer.from(message.typed, 'ascii'));
      if (this.debouncer.accept(message.uid)) {
        this.events.emit({ type: 'card.presented', uid: message.uid, typed: message.typed, at: Date.now() });
      }
    }
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    if (this.decoder.pending) {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = null;
        this.decoder.reset();
        this.tracker.error(`card number cut off: no Enter within ${this.interKeyTimeoutMs} ms`);
      }, this.interKeyTimeoutMs);
    }
  }

  private clearPartial(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.decoder.reset();
  }
}
