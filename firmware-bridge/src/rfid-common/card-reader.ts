import type { Disposer } from '@yaofang/shared/result';
import type { StreamDecoder } from '../codec.ts';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import type { Presence, PresenceFactory } from './presence.ts';

/** A good read, as every card decoder reports it. */
export interface CardUidRead {
  type: 'card';
  uid: string;
}

/**
 * Readers whose card arrives over several chunks (keystrokes, a text line):
 * part of a frame followed by `timeoutMs` of silence is dropped and counted as
 * the error `reason`, so it cannot prefix the next card.
 */
export interface PartialFrameTimeout {
  timeoutMs: number;
  /** True while the decoder holds part of a frame. */
  pending: () => boolean;
  reason: string;
}

export interface CardReaderSetup<R extends CardUidRead, E> {
  transport: ByteTransport;
  decoder: StreamDecoder<R>;
  /** The bytes the technician's device page shows for a good read. */
  frameBytes: (read: R) => Uint8Array;
  /** Called once, before the health tracker subscribes, so a bad option throws without leaking a listener. */
  presence: PresenceFactory<R, E>;
  partialFrame?: PartialFrameTimeout;
}

/**
 * The skeleton every output-only card reader shares: listen to the transport,
 * decode, record health, hand good reads to the presence policy (which emits
 * the card events) and forget half frames after silence or an outage. The
 * drivers extend it only to supply their decoder, options and event shape;
 * what differs between readers is composed in (`presence`, `partialFrame`).
 */
export class CardReaderDriver<R extends CardUidRead, E> {
  private readonly transport: ByteTransport;
  private readonly decoder: StreamDecoder<R>;
  private readonly frameBytes: (read: R) => Uint8Array;
  private readonly partialFrame: PartialFrameTimeout | null;
  private readonly events = new Listeners<E>();
  private readonly presence: Presence<R>;
  private readonly tracker: HealthTracker;
  private partialTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];

  constructor(setup: CardReaderSetup<R, E>) {
    this.transport = setup.transport;
    this.decoder = setup.decoder;
    this.frameBytes = setup.frameBytes;
    this.partialFrame = setup.partialFrame ?? null;
    this.presence = setup.presence((event) => this.events.emit(event));
    this.tracker = new HealthTracker(setup.transport);
  }

  start(): void {
    this.disposers.push(
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((health) => {
        // A partial frame does not survive an outage, and a card read after it is a new presentation.
        if (health.state !== 'connected') {
          this.dropPartialFrame();
          this.presence.linkLost();
        }
      }),
    );
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const dispose of this.disposers.splice(0)) dispose();
    // Only readers with a partial-frame timeout ever forgot the half frame on stop; EM4100 keeps it.
    if (this.partialFrame) this.dropPartialFrame();
    this.presence.stop();
    this.tracker.dispose();
    await this.transport.stop();
  }

  onCard(listener: (event: E) => void): Disposer {
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
      this.tracker.frame(this.frameBytes(message));
      this.presence.read(message);
    }
    if (this.partialFrame) this.armPartialTimer(this.partialFrame);
  }

  /** Restart the silence timer after every chunk, while part of a frame is waiting. */
  private armPartialTimer(partial: PartialFrameTimeout): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    if (!partial.pending()) return;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      this.decoder.reset();
      this.tracker.error(partial.reason);
    }, partial.timeoutMs);
  }

  private dropPartialFrame(): void {
    if (this.partialTimer) clearTimeout(this.partialTimer);
    this.partialTimer = null;
    this.decoder.reset();
  }
}
