import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store/database.ts';
import { backupDatabase } from './backup.ts';

let dir: string;
let live: Db | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yf-backup-'));
});
afterEach(() => {
  live?.close();
  live = null;
  rmSync(dir, { recursive: true, force: true });
});

/** The agent's database with a table of rows big enough to span many pages. */
function liveDatabase(rows: number): { file: string; writer: Db } {
  const file = join(dir, 'edge.sqlite');
  const db = openDatabase(file);
  db.exec('CREATE TABLE backup_probe (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO backup_probe (body) VALUES (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`row ${i} ${'x'.repeat(200)}`);
  })();
  live = db;
  return { file, writer: db };
}

describe('backup', () => {
  it('copies a database while another connection writes; the copy passes integrity_check and holds every committed row', async () => {
    const { file, writer } = liveDatabase(2000);
    const insert = writer.prepare('INSERT INTO backup_probe (body) VALUES (?)');
    let writesDuringBackup = 0;
    const result = await backupDatabase({
      databaseFile: file,
      out: join(dir, 'copy.sqlite'),
      stationId: 'GL-0001',
      pagesPerStep: 5,
      onProgress: () => {
        // Writes between steps restart SQLite's copy; stop after a few so it can finish.
        if (writesDuringBackup < 3) {
          insert.run(`written during backup ${writesDuringBackup++}`);
        }
      },
    });
    if (!result.ok) throw new Error(result.error);
    expect(writesDuringBackup).toBe(3);
    expect(result.value.path).toBe(join(dir, 'copy.sqlite'));
    expect(result.value.bytes).toBeGreaterThan(2000 * 200);
    expect(result.value.rows.backup_probe).toBe(2003);

    const copy = new Database(result.value.path, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT count(*) FROM backup_probe').pluck().get()).toBe(2003);
      expect(copy.prepare('SELECT body FROM backup_probe ORDER BY id DESC LIMIT 1').pluck().get()).toBe(
        'written during backup 2',
      );
    } finally {
      copy.close();
    }
    expect(existsSync(`${result.value.path}.partial`)).toBe(false);
  });

  it("backs up a stopped agent's database too, naming the file itself when --out is a folder", async () => {
    const { file, writer } = liveDatabase(10);
    writer.close(); // the agent is stopped: no -wal/-shm files are left
    live = null;
    const folder = join(dir, 'usb');
    mkdirSync(folder);
    const result = await backupDatabase({
      databaseFile: file,
      out: folder,
      stationId: 'GL-0001',
      now: () => new Date('2025-03-01T08:30:00.000Z'),
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.path).toBe(join(folder, 'edge-GL-0001-2025-03-01T08-30-00-000Z.sqlite'));
    expect(result.value.rows.backup_probe).toBe(10);
  });

  it('refuses a missing database, an existing target file and a missing folder, with the fix', async () => {
    const missing = await backupDatabase({
      databaseFile: join(dir, 'none.sqlite'),
      out: join(dir, 'b.sqlite'),
      stationId: 'S',
    });
    expect(!missing.ok && missing.error).toMatch(/no database at .*none.sqlite: check dataDir/);

    const { file } = liveDatabase(1);
    writeFileSync(join(dir, 'taken.sqlite'), 'x');
    const taken = await backupDatabase({
      databaseFile: file,
      out: join(dir, 'taken.sqlite'),
      stationId: 'S',
    });
    expect(!taken.ok && taken.error).toMatch(/taken.sqlite already exists: choose a new file name/);

    const noFolder = await backupDatabase({
      databaseFile: file,
      out: join(dir, 'usb/b.sqlite'),
      stationId: 'S',
    });
    expect(!noFolder.ok && noFolder.error).toMatch(
      /folder .*usb does not exist: create it \(or mount the USB stick\)/,
    );
    expect(readdirSync(dir).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
