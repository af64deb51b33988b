import type { Db } from './database.ts';

/** Small named values: the last seq, the last envelope hash, the boot count. */
export class KeyValue {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.getStmt.get(key)?.value;
  }

  set(key: string, value: string): void {
    this.setStmt.run(key, value);
  }

  getNumber(key: string, fallback: number): number {
    const value = this.get(key);
    return value === undefined ? fallback : Number(value);
  }
}
