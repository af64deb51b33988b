import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber, syntheticIdNumber } from '@yaofang/shared';
import { findIdNumbers, formatPiiHits, looksLikeIdNumber, scanForPii } from '../harness/pii-scan.ts';

// The scanner lives in test/harness (no vitest project there); its unit test sits here.

const ID_NUMBER = syntheticIdNumber(7, '19850312');
const NAME = '测试员甲';
const UID = '04A1B2C3D4';

describe('looksLikeIdNumber', () => {
  it('knows an unmasked ID number by its check character and birth date', () => {
    expect(looksLikeIdNumber(ID_NUMBER)).toBe(true);
    expect(looksLikeIdNumber(syntheticIdNumber(8, '19700101').toLowerCase())).toBe(true);
    expect(looksLikeIdNumber(maskIdNumber(ID_NUMBER))).toBe(false);
    expect(looksLikeIdNumber(`${ID_NUMBER.slice(0, 17)}${ID_NUMBER.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(looksLikeIdNumber('999999' + '19851312' + '0071')).toBe(false);
  });

  it('finds ID numbers in text but not inside a hash or a longer number', () => {
    expect(findIdNumbers(`id=${ID_NUMBER}, masked=${maskIdNumber(ID_NUMBER)}`)).toEqual([
      { value: ID_NUMBER, index: 3 },
    ]);
    expect(findIdNumbers(`ab${ID_NUMBER}cd 1${ID_NUMBER}`)).toEqual([]);
  });
});

describe('scanForPii', () => {
  let dir: string;
  let db: Database.Database | null;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-pii-'));
    db = null;
  });
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A WAL database left open, as a running agent leaves it: nothing is checkpointed. */
  function openStore(): { file: string; db: Database.Database } {
    const file = join(dir, 'edge.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(`CREATE TABLE outbox (seq INTEGER PRIMARY KEY, payload TEXT NOT NULL);
             CREATE TABLE cards (card BLOB NOT NULL, note TEXT) STRICT;`);
    db.prepare('INSERT INTO outbox (payload) VALUES (?)').run('{"type":"card.presented","reader":"r1"}');
    return { file, db };
  }

  it('finds a value planted in a row, in the row and in the WAL bytes', () => {
    const store = openStore();
    store.db.prepare('INSERT INTO outbox (payload) VALUES (?)').run(JSON.stringify({ name: NAME }));
    const hits = scanForPii({ forbidden: [NAME, ID_NUMBER], sqliteFiles: [store.file] });
    expect(hits.filter((hit) => hit.source === 'sqlite')).toEqual([
      {
        where: 'sqlite:edge.sqlite:outbox.payload row 2',
        source: 'sqlite',
        kind: 'forbidden',
        value: NAME,
        context: `{"name":"${NAME}"}`,
      },
    ]);
    expect(hits.some((hit) => hit.source === 'wal' && hit.value === NAME)).toBe(true);
  });

  it('reports a deleted row that lingers in the WAL as wal only', () => {
    const store = openStore();
    const row = store.db.prepare('INSERT INTO outbox (payload) VALUES (?)').run(`holder ${ID_NUMBER}`);
    store.db.prepare('DELETE FROM outbox WHERE seq = ?').run(row.lastInsertRowid);
    const hits = scanForPii({ forbidden: [ID_NUMBER], sqliteFiles: [store.file] });
    expect(hits.length).toBeGreaterThan(0);
    expect(new Set(hits.map((hit) => hit.source))).toEqual(new Set(['wal']));
    expect(hits[0]).toMatchObject({ kind: 'forbidden', value: ID_NUMBER });
    expect(hits[0]?.where).toMatch(/^wal:edge\.sqlite-wal@\d+$/);
    expect(hits[0]?.context).toContain(`holder ${ID_NUMBER}`);
  });

  it('finds a card UID stored as raw bytes or as text in another case, and an unlisted ID number', () => {
    const store = openStore();
    store.db.prepare('INSERT INTO cards (card, note) VALUES (?, ?)').run(Buffer.from(UID, 'hex'), null);
    store.db.prepare('INSERT INTO cards (card, note) VALUES (?, ?)').run(Buffer.from([1]), UID.toLowerCase());
    const other = syntheticIdNumber(9, '20010203');
    store.db.prepare('INSERT INTO cards (card, note) VALUES (?, ?)').run(Buffer.from([2]), `id ${other}`);
    const rows = scanForPii({ forbidden: [UID], sqliteFiles: [store.file] }).filter(
      (hit) => hit.source === 'sqlite',
    );
    expect(rows.map((hit) => [hit.where, hit.kind, hit.value])).toEqual([
      ['sqlite:edge.sqlite:cards.card row 1@0', 'forbidden', UID],
      ['sqlite:edge.sqlite:cards.note row 2', 'forbidden', UID],
      ['sqlite:edge.sqlite:cards.note row 3', 'id-number', other],
    ]);
  });

  it('finds a name stored as UTF-16 bytes', () => {
    const store = openStore();
    store.db.prepare('INSERT INTO cards (card) VALUES (?)').run(Buffer.from(`x${NAME}`, 'utf16le'));
    const hits = scanForPii({ forbidden: [NAME], sqliteFiles: [store.file] });
    expect(hits.filter((hit) => hit.source === 'sqlite').map((hit) => hit.where)).toEqual([
      'sqlite:edge.sqlite:cards.card row 1@2',
    ]);
  });

  it('leaves a clean database, its WAL and the file alone', () => {
    const store = openStore();
    expect(scanForPii({ forbidden: [NAME, ID_NUMBER, UID], sqliteFiles: [store.file] })).toEqual([]);
    // The scan worked on a copy: the store's WAL is still there and still holds the rows.
    expect(store.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('scans MQTT payloads and log lines, and names where', () => {
    const hits = scanForPii({
      forbidden: [NAME, UID],
      mqttPayloads: ['{"cardKey":"ab"}', `{"uid":"${UID.toLowerCase()}"}`],
      logText: `ok\nresident ${maskIdNumber(ID_NUMBER)} signed in\nresident ${ID_NUMBER} signed in\n${NAME}`,
    });
    expect(hits.map((hit) => [hit.where, hit.kind, hit.value])).toEqual([
      ['mqtt[1]', 'forbidden', UID],
      ['log:3', 'id-number', ID_NUMBER],
      ['log:4', 'forbidden', NAME],
    ]);
    expect(formatPiiHits(hits)).toContain(
      `log:3: id-number ${ID_NUMBER} in …resident ${ID_NUMBER} signed in…`,
    );
  });
});
