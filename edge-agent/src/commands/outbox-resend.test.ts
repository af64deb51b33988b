import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../store/database.ts';
import { Outbox } from '../store/outbox.ts';
import { markUnsentFrom, outboxResendHandler } from './outbox-resend.ts';

describe('outbox.resend', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;
  const context = { commandId: 'c', issuedAtMs: 0, expiresAtMs: 1, signal: new AbortController().signal };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-resend-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, 'S-1');
    for (let i = 0; i < 5; i++) outbox.appendNow('card.presented', { i });
    outbox.markSent([1, 2, 3, 4, 5]);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('markUnsentFrom marks rows from that seq unsent, leaving earlier rows and the bytes alone', () => {
    const before = outbox.nextUnsent(0, 10);
    expect(before).toEqual([]);
    expect(markUnsentFrom(db, 3)).toBe(3);
    expect(outbox.nextUnsent(0, 10).map((row) => row.seq)).toEqual([3, 4, 5]);
    expect(outbox.backlog()).toBe(3);
  });

  it('markUnsentFrom refuses a seq below 1', () => {
    expect(() => markUnsentFrom(db, 0)).toThrow(/fromSeq must be an integer ≥ 1, got 0/);
  });

  it('the handler marks the rows, tells the uplink where to page from, and reports the count', async () => {
    const afterMarked = vi.fn();
    const result = await outboxResendHandler({ db, afterMarked })({ fromSeq: 2 }, context);
    expect(result).toEqual({ ok: true, value: { fromSeq: 2, markedUnsent: 4, lastSeq: 5 } });
    expect(afterMarked).toHaveBeenCalledWith(2);
  });

  it('the handler fails plainly when fromSeq is past the last event', async () => {
    const afterMarked = vi.fn();
    const result = await outboxResendHandler({ db, afterMarked })({ fromSeq: 9 }, context);
    expect(result).toEqual({
      ok: false,
      error: 'fromSeq 9 is after the last event of this station (seq 5); nothing to resend',
    });
    expect(afterMarked).not.toHaveBeenCalled();
    expect(outbox.backlog()).toBe(0);
  });
});
