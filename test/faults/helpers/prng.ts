/**
 * A small seeded PRNG (mulberry32), so a fuzz or fault run that fails can be
 * replayed exactly by passing the printed seed back in.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed | 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
}

/** A seed from the environment (`name`), else a fresh one printed by the caller. */
export function seedFrom(name: string): number {
  const configured = process.env[name];
  if (configured !== undefined && configured !== '') return Number(configured) | 0;
  return (Date.now() % 1_000_000) | 0;
}
