import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelopeHash } from '@yaofang/shared';
import { openDatabase, type Db } from './database.ts';
import { Outbox } from './outbox.ts';
import { applyCapacity, underPressure, writeWithRoom } from './capacity.ts';

const filler = (n: number) => ({ blob: 'x'.repeat(2000), n });

describe('storage capacity', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-cap-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, 'S-1');
    applyCapacity(db, 256 * 1024);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function fill(eventClass: 'ledger' | 'droppable' | 'event'): number {
    let written = 0;
    for (;;) {
      const result = writeWithRoom(db, () => outbox.appendNow('test.fill', filler(written), eventClass));
      if (!result.ok) return written;
      written++;
    }
  }

  it('refuses new writes with a clear reason when only ledger events fill the store, keeping every one', () => {
    const written = fill('ledger');
    expect(written).toBeGreaterThan(10);
    const refused = writeWithRoom(db, () => outbox.appendNow('waste.deposited', filler(-1), 'ledger'));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/storage is full .* refused/);
    expect(outbox.backlog()).toBe(written);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('frees confirmed rows first, so a confirmed backlog never blocks a new transaction', () => {
    const written = fill('event');
    db.prepare('UPDATE outbox SET sent_at = 1, acked_at = 1').run();
    const result = writeWithRoom(db, () => outbox.appendNow('waste.deposited', { grams: 1 }, 'ledger'));
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.seq).toBe(written + 1);
  });

  it('turns unsent droppable events into tombstones that keep the chain, before refusing a ledger event', () => {
    // Droppable events up to the point where new transactions need room made for them.
    for (let n = 0; !underPressure(db); n++) outbox.appendNow('test.fill', filler(n), 'droppable');
    const result = writeWithRoom(db, () => outbox.appendNow('waste.deposited', { grams: 1250 }, 'ledger'));
    expect(result.ok).toBe(true);
    const rows = outbox.nextUnsent(0, 1_000_000);
    const tombstone = JSON.parse(rows[0]!.payload) as { type: string; data: { originalHash: string } };
    expect(tombstone.type).toBe('outbox.dropped');
    // The next envelope's prev is the hash of the original payload the tombstone replaced.
    const second = JSON.parse(rows[1]!.payload) as { prev: string };
    expect(second.prev).toBe(tombstone.data.originalHash);
    const last = JSON.parse(rows.at(-1)!.payload) as { type: string; data: { grams: number } };
    expect(last).toMatchObject({ type: 'waste.deposited', data: { grams: 1250 } });
    expect(envelopeHash(rows[0]!.payload)).not.toBe(tombstone.data.originalHash);
  });
});
