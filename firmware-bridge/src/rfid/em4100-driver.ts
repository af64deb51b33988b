import type { Disposer } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import { Em4100Decoder } from './em4100-codec.ts';

export type CardEvent =
  { type: 'card.presented'; uid: string; at: number } | { type: 'card.removed'; uid: string; at: number };

export interface Em4100DriverOptions {
  /**
   * The reader repeats its frame while the card is in the field. When no frame
   * of the card has arrived for this long, the card has left and the next
   * frame is a new presentation.
   */
  leaveAfterMs?: number;
}

/**
 * EM4100 serial reader: output only, so the driver just listens, decodes and
 * debounces: one `card.presented` per presentation, re-armed when the card
 * leaves the field.
 */
export class Em4100Driver {
  private readonly decoder = new Em4100Decoder();
  private readonly events = new Listeners<CardEvent>();
  private readonly tracker: HealthTracker;
  private readonly leaveAfterMs: number;
  private activeUid: string | null = null;
  private leaveTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];

  constructor(
    private readonly transport: ByteTransport,
    options: Em4100DriverOptions = {},
  ) {
    this.leaveAfterMs = options.leaveAfterMs ?? 400;
    this.tracker = new HealthTracker(transport);
  }

  start(): void {
    this.disposers.push(
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((health) => {
        // A reconnect loses any partial frame; a card "present" across an
        // outage is a new presentation when it is read again.
        if (health.state !== 'connected') {
          this.decoder.reset();
          this.cardLeft();
        }
      }),
    );
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.leaveTimer = null;
    this.tracker.dispose();
    await this.transport.stop();
  }

  onCard(listener: (event: CardEvent) => void): Disposer {
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
      this.tracker.frame(Buffer.from(message.uid, 'ascii'));
      if (message.uid !== this.activeUid) {
        this.cardLeft();
        this.activeUid = message.uid;
        this.events.emit({ type: 'card.presented', uid: message.uid, at: Date.now() });
      }
      if (this.leaveTimer) clearTimeout(this.leaveTimer);
      this.leaveTimer = setTimeout(() => this.cardLeft(), this.leaveAfterMs);
    }
  }

  private cardLeft(): void {
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.leaveTimer = null;
    const uid = this.activeUid;
    if (uid === null) return;
    this.activeUid = null;
    this.events.emit({ type: 'card.removed', uid, at: Date.now() });
  }
}
