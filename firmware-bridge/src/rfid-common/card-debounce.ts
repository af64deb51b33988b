/**
 * One presentation → one event. A reader may send a card again while it stays
 * on the antenna (or a resident taps twice); a read of the same uid less than
 * `windowMs` after the previous read of it is the same presentation. The
 * window slides, so a card held for a long time never fires twice; another
 * card fires at once.
 */
export class CardDebouncer {
  private lastUid: string | null = null;
  private lastSeenAt = 0;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(windowMs >= 0)) throw new RangeError(`debounce window must be ≥ 0 ms, got ${windowMs}`);
  }

  /** True when this read starts a new presentation. */
  accept(uid: string): boolean {
    const at = this.now();
    const repeat = uid === this.lastUid && at - this.lastSeenAt < this.windowMs;
    this.lastUid = uid;
    this.lastSeenAt = at;
    return !repeat;
  }

  /** After a reconnect the next read is a new presentation. */
  reset(): void {
    this.lastUid = null;
  }
}
