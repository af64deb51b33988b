import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../store/database.ts';
import { checkDatabase } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-doctor-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('doctor: database', () => {
  it('a healthy database that the agent holds open passes integrity_check', () => {
    const file = join(dir, 'edge.sqlite');
    const db = openDatabase(file);
    try {
      expect(checkDatabase(file)).toEqual({
        status: 'ok',
        check: 'database',
        detail: `${file} passed integrity_check`,
      });
    } finally {
      db.close();
    }
  });

  it('no database yet is fine; a file that is not SQLite fails with the restore hint', () => {
    expect(checkDatabase(join(dir, 'none.sqlite')).status).toBe('ok');
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'this is not a database, just some bytes of text '.repeat(100));
    expect(checkDatabase(junk)).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/cannot be read as SQLite .*restore the last backup/) as unknown,
    });
  });

  it('a real database with a damaged page fails with the restore hint', () => {
    const file = join(dir, 'damaged.sqlite');
    const db = openDatabase(file);
    db.exec(
      'CREATE TABLE probe (id INTEGER PRIMARY KEY, body TEXT); CREATE INDEX probe_body ON probe (body)',
    );
    const insert = db.prepare('INSERT INTO probe (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${'y'.repeat(100)}`);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    // Scribble over a page in the middle (not the header): what a power cut on bad storage leaves.
    bytes.fill(0x5a, 20 * 4096, 21 * 4096);
    writeFileSync(file, bytes);
    expect(checkDatabase(file)).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /damaged.sqlite (failed integrity_check|cannot be read as SQLite).*restore the last backup/,
      ) as unknown,
    });
  });
});
