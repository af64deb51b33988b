import type { Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { CardDebouncer } from '../rfid-wedge/card-debounce.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeWiegandLine, WiegandDecoder, type WiegandFormat } from './wiegand-codec.ts';

export interface WiegandCardEvent {
  type: 'card.presented';
  /** The 24 data bits as 6 hex characters. */
  uid: string;
  facility: number;
  card: number;
  at: number;
}

export interface WiegandDriverOptions {
  format: WiegandFormat;
  /** The same uid again within this many ms (sliding) is the same presentation. */
  debounceMs?: number;
  /**
   * A line takes ~13 ms at 9600 baud. Part of a line followed by this much
   * silence is dropped and counted as an error, so it cannot prefix the next.
   */
  lineTimeoutMs?: number;
}

/**
 * Wiegand-26 serial converter: output only. Decodes lines and emits one
 * `card.presented` per presentation (readers that repeat a held card are
 * debounced). The converter cannot tell when a card leaves: no `card.removed`.
 */
export class WiegandDriver {
  private readonly decoder: WiegandDecoder;
  private readonly debouncer: CardDebouncer;
  private readonly events = new Listeners<WiegandCardEvent>();
  private readonly tracker: HealthTracker;
  private readonly lineTimeoutMs: number;
  private partialTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: WiegandDriverOptions,
  ) {
    this.decoder = new WiegandDecoder(options.format);
    this.debouncer = new CardDebouncer(options.debounceMs ?? 1500);
    this.lineTimeoutMs = options.lineTimeoutMs ?? 250;
    this.tracker = new HealthTracker(transport);
  }

  start(): void {
    this.disposers.push(
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((health) => {
        // A partial line does not survive an outage, and a card read after it is a new presentation.
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

  onCard(listener: (event: WiegandCardEvent) => void): Disposer {
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
      this.tracker.frame(encodeWiegandLine(message, this.options.format));
      if (this.debouncer.accept(message.uid)) {
        const { uid, facility, card } = message;
        this.events.emit({ type: 'card.presented', uid, facility, card, at: Date.now() });
      }
    }
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    if (this.decoder.pending) {
      this.partialTimer = setTimeout(() => {
        this.partialTimer = null;
        this.decoder.reset();
        this.tracker.error(`line cut off: no line end within ${this.lineTimeoutMs} ms`);
      }, this.lineTimeoutMs);
    }
  }

  private clearPartial(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.decoder.reset();
  }
}
