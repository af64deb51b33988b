import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, envelopeHash, eventEnvelopeSchema } from '@yaofang/shared';
import { openDatabase, type Db } from './database.ts';
import { Outbox } from './outbox.ts';

describe('Outbox', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-outbox-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, 'S-1');
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens with WAL and synchronous=FULL', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('assigns gapless seqs from 1 and chains each envelope to the hash of the previous payload', () => {
    const first = outbox.appendNow('card.presented', { n: 1 });
    const second = outbox.appendNow('card.presented', { n: 2 });
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(first.prev).toBe(GENESIS_HASH);
    const rows = outbox.nextUnsent(0, 10);
    expect(second.prev).toBe(envelopeHash(rows[0]!.payload));
    for (const row of rows) expect(eventEnvelopeSchema.safeParse(JSON.parse(row.payload)).success).toBe(true);
  });

  it('refuses to append outside a transaction', () => {
    expect(() => outbox.append('card.presented', {})).toThrow(/inside the business transaction/);
  });

  it('a rolled-back business transaction leaves no event and no gap', () => {
    outbox.appendNow('card.presented', { n: 1 });
    expect(() =>
      db.transaction(() => {
        outbox.append('card.presented', { n: 2 });
        throw new Error('business rule failed');
      })(),
    ).toThrow('business rule failed');
    const third = outbox.appendNow('card.presented', { n: 3 });
    expect(third.seq).toBe(2);
    expect(outbox.backlog()).toBe(2);
  });

  it('pages through unsent rows in order and forgets rows marked sent', () => {
    for (let i = 0; i < 5; i++) outbox.appendNow('card.presented', { i });
    expect(outbox.nextUnsent(0, 2).map((r) => r.seq)).toEqual([1, 2]);
    expect(outbox.nextUnsent(2, 10).map((r) => r.seq)).toEqual([3, 4, 5]);
    outbox.markSent([1, 2, 4]);
    expect(outbox.nextUnsent(0, 10).map((r) => r.seq)).toEqual([3, 5]);
    expect(outbox.backlog()).toBe(2);
  });

  it('keeps seq and chain across a reopen of the database file', () => {
    const first = outbox.appendNow('card.presented', {});
    db.close();
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, 'S-1');
    const second = outbox.appendNow('card.presented', {});
    expect(second.seq).toBe(2);
    expect(second.prev).toBe(envelopeHash(outbox.nextUnsent(0, 1)[0]!.payload));
    expect(first.seq).toBe(1);
  });
});

describe('Outbox retention', () => {
  it('prunes only rows confirmed before the cutoff; unconfirmed rows stay whatever their age', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yf-prune-'));
    const db = openDatabase(join(dir, 'edge.sqlite'));
    try {
      const outbox = new Outbox(db, 'S-1');
      for (let i = 0; i < 4; i++) outbox.appendNow('card.presented', { i });
      db.prepare('UPDATE outbox SET sent_at = 1, acked_at = 100 WHERE seq <= 2').run();
      db.prepare('UPDATE outbox SET sent_at = 1, acked_at = 900 WHERE seq = 3').run();
      expect(outbox.pruneConfirmed(500)).toBe(2);
      expect(
        (db.prepare('SELECT seq FROM outbox ORDER BY seq').all() as Array<{ seq: number }>).map((r) => r.seq),
      ).toEqual([3, 4]);
      expect(outbox.appendNow('card.presented', {}).seq).toBe(5);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
