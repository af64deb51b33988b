/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in
 * [0, min(cap, base * 2^n)]. Full jitter spreads a fleet of terminals that lost
 * the same device or broker at the same moment.
 */
export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number;
}

export class Backoff {
  private attempt = 0;
  constructor(private readonly options: BackoffOptions) {}

  next(): number {
    const ceiling = Math.min(this.options.capMs, this.options.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    const random = this.options.random ?? Math.random;
    // Never zero: a zero delay would spin when the device is absent.
    return Math.max(1, Math.round(random() * ceiling));
  }

  reset(): void {
    this.attempt = 0;
  }
}
