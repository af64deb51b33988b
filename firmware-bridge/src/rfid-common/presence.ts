import { CardDebouncer } from './card-debounce.ts';

/**
 * Turns good reads into card events. Readers differ here: some send a card
 * once per read, so repeats are debounced (`debouncedPresence`); others repeat
 * it while it is in the field, so the card has left when the repeats stop
 * (`leaveDetection`).
 */
export interface Presence<R> {
  read(read: R): void;
  /** The link went down: the next read is a new presentation. */
  linkLost(): void;
  /** The driver stops: cancel timers and emit nothing. */
  stop(): void;
}

/** Builds a presence policy once the driver's event list exists. */
export type PresenceFactory<R, E> = (emit: (event: E) => void) => Presence<R>;

/**
 * One event per presentation for readers that cannot tell when a card leaves:
 * the same uid again within `windowMs` (sliding) is the same presentation.
 * `toEvent` runs at emit time, so the event's `at` is the read's time.
 */
export function debouncedPresence<R extends { uid: string }, E>(
  windowMs: number,
  toEvent: (read: R) => E,
): PresenceFactory<R, E> {
  return (emit) => {
    const debouncer = new CardDebouncer(windowMs);
    return {
      read: (read) => {
        if (debouncer.accept(read.uid)) emit(toEvent(read));
      },
      linkLost: () => debouncer.reset(),
      stop: () => undefined,
    };
  };
}

export type CardPresenceEvent =
  { type: 'card.presented'; uid: string; at: number } | { type: 'card.removed'; uid: string; at: number };

/**
 * For readers that repeat their frame while the card is in the field: when no
 * frame of the card has arrived for `leaveAfterMs`, the card has left
 * (`card.removed`) and its next frame is a new presentation.
 */
export function leaveDetection(leaveAfterMs: number): PresenceFactory<{ uid: string }, CardPresenceEvent> {
  return (emit) => new LeaveDetector(leaveAfterMs, emit);
}

class LeaveDetector implements Presence<{ uid: string }> {
  private activeUid: string | null = null;
  private leaveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly leaveAfterMs: number,
    private readonly emit: (event: CardPresenceEvent) => void,
  ) {}

  read(read: { uid: string }): void {
    if (read.uid !== this.activeUid) {
      this.cardLeft();
      this.activeUid = read.uid;
      this.emit({ type: 'card.presented', uid: read.uid, at: Date.now() });
    }
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.leaveTimer = setTimeout(() => this.cardLeft(), this.leaveAfterMs);
  }

  /** A card "present" across an outage is a new presentation when it is read again. */
  linkLost(): void {
    this.cardLeft();
  }

  /** Stopping is not the card leaving: no `card.removed`, and the card stays the active one. */
  stop(): void {
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.leaveTimer = null;
  }

  private cardLeft(): void {
    if (this.leaveTimer) clearTimeout(this.leaveTimer);
    this.leaveTimer = null;
    const uid = this.activeUid;
    if (uid === null) return;
    this.activeUid = null;
    this.emit({ type: 'card.removed', uid, at: Date.now() });
  }
}
