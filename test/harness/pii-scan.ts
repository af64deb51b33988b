import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { isValidIdNumber } from '@yaofang/shared';

/**
 * Finds personal information where none may be (ARCHITECTURE.md "Identity
 * and personal information"): MQTT payloads, log text and every row of a
 * SQLite database, plus the bytes of its -wal file and of the database file
 * itself, where a deleted or overwritten row may linger. Reports every place a
 * forbidden value (a synthetic name, ID number or raw card UID the test
 * used) occurs, and any unmasked resident ID number even when not listed.
 */

export type PiiSource = 'mqtt' | 'log' | 'sqlite' | 'wal' | 'sqlite-file';

export interface PiiHit {
  /**
   * Where, for a failure message: `mqtt[2]`, `log:14`, `sqlite:edge.sqlite:outbox.payload row 3`,
   * `wal:edge.sqlite-wal@8192`; byte searches (blobs, -wal, the file) end in `@offset`.
   */
  where: string;
  source: PiiSource;
  /** `forbidden`: one of the listed values; `id-number`: an unmasked ID number found by its pattern. */
  kind: 'forbidden' | 'id-number';
  /** The value found (as listed, or the ID number as it appears). */
  value: string;
  /** Up to 40 characters either side, with bytes outside printable text as `.`. */
  context: string;
}

export interface PiiScanInput {
  /** Names, ID numbers, raw card UIDs. Letters match in any case. */
  forbidden: string[];
  mqttPayloads?: string[];
  logText?: string;
  sqliteFiles?: string[];
}

const CONTEXT = 40;
/** 17 digits and a check character, not inside a longer run of letters or digits (a hash, a UUID). */
const ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * True when `candidate` is a whole, unmasked resident ID number: 18
 * characters, a valid check character and a plausible birth date.
 * `320102********1234` (masked) is not.
 */
export function looksLikeIdNumber(candidate: string): boolean {
  const text = candidate.trim();
  if (!isValidIdNumber(text)) return false;
  const year = Number(text.slice(6, 10));
  const month = Number(text.slice(10, 12));
  const day = Number(text.slice(12, 14));
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Every unmasked ID number in a text, with where it starts. */
export function findIdNumbers(text: string): Array<{ value: string; index: number }> {
  return [...text.matchAll(ID_NUMBER)]
    .filter((match) => looksLikeIdNumber(match[0]))
    .map((match) => ({ value: match[0], index: match.index }));
}

export function scanForPii(input: PiiScanInput): PiiHit[] {
  const forbidden = [...new Set(input.forbidden.filter((value) => value.length > 0))];
  const hits: PiiHit[] = [];
  input.mqttPayloads?.forEach((payload, index) =>
    hits.push(...scanText(payload, forbidden, 'mqtt', `mqtt[${index}]`)),
  );
  input.logText
    ?.split('\n')
    .forEach((line, index) => hits.push(...scanText(line, forbidden, 'log', `log:${index + 1}`)));
  for (const file of input.sqliteFiles ?? []) hits.push(...scanSqlite(file, forbidden));
  return hits;
}

/** One line per hit, for an assertion's message. */
export function formatPiiHits(hits: readonly PiiHit[]): string {
  return hits.map((hit) => `${hit.where}: ${hit.kind} ${hit.value} in …${hit.context}…`).join('\n');
}

function scanText(text: string, forbidden: readonly string[], source: PiiSource, where: string): PiiHit[] {
  const hits: PiiHit[] = [];
  const lower = text.toLowerCase();
  for (const value of forbidden) {
    for (
      let at = lower.indexOf(value.toLowerCase());
      at >= 0;
      at = lower.indexOf(value.toLowerCase(), at + 1)
    )
      hits.push({ where, source, kind: 'forbidden', value, context: around(text, at, value.length) });
  }
  for (const { value, index } of findIdNumbers(text)) {
    if (forbidden.some((listed) => listed.toLowerCase() === value.toLowerCase())) continue;
    hits.push({ where, source, kind: 'id-number', value, context: around(text, index, value.length) });
  }
  return hits;
}

/**
 * Rows first, on a copy (opening the original could checkpoint its WAL away),
 * then the raw bytes of the -wal file and of the database file: a value found
 * there but in no row is a deleted or overwritten row that lingers on disk.
 */
function scanSqlite(file: string, forbidden: readonly string[]): PiiHit[] {
  const name = basename(file);
  const walFile = `${file}-wal`;
  const wal = existsSync(walFile) ? readFileSync(walFile) : null;
  const copyDir = mkdtempSync(join(tmpdir(), 'yf-pii-scan-'));
  const hits: PiiHit[] = [];
  try {
    const copy = join(copyDir, name);
    copyFileSync(file, copy);
    if (wal) copyFileSync(walFile, `${copy}-wal`);
    // Read-write: it is our copy, and a read-only connection may not rebuild the WAL index.
    const db = new Database(copy);
    try {
      hits.push(...scanRows(db, name, forbidden));
    } finally {
      db.close();
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
  if (wal) hits.push(...scanBytes(wal, forbidden, 'wal', `wal:${name}-wal`));
  hits.push(...scanBytes(readFileSync(file), forbidden, 'sqlite-file', `sqlite-file:${name}`));
  return hits;
}

function scanRows(db: Database.Database, name: string, forbidden: readonly string[]): PiiHit[] {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all();
  const hits: PiiHit[] = [];
  for (const { name: table } of tables) {
    const rows = db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all() as Array<
      Record<string, unknown>
    >;
    rows.forEach((row, index) => {
      for (const [column, value] of Object.entries(row)) {
        const where = `sqlite:${name}:${table}.${column} row ${index + 1}`;
        if (typeof value === 'string') hits.push(...scanText(value, forbidden, 'sqlite', where));
        else if (typeof value === 'number' || typeof value === 'bigint')
          hits.push(...scanText(String(value), forbidden, 'sqlite', where));
        else if (Buffer.isBuffer(value)) hits.push(...scanBytes(value, forbidden, 'sqlite', where));
      }
    });
  }
  return hits;
}

/**
 * Bytes are searched for each value as UTF-8 and UTF-16LE (ASCII letters in
 * any case), and a hex value of 4 or more bytes (a card UID) also as those
 * raw bytes; the pattern search reads the bytes as Latin-1.
 */
function scanBytes(bytes: Buffer, forbidden: readonly string[], source: PiiSource, where: string): PiiHit[] {
  const folded = asciiLower(bytes);
  const hits: PiiHit[] = [];
  const hit = (kind: PiiHit['kind'], value: string, at: number, length: number) =>
    hits.push({ where: `${where}@${at}`, source, kind, value, context: printable(bytes, at, length) });
  for (const value of forbidden) {
    // Case folding is applied to both sides byte by byte, so it cannot break a UTF-16 code unit.
    const needles = [
      { haystack: folded, needle: asciiLower(Buffer.from(value, 'utf8')) },
      { haystack: folded, needle: asciiLower(Buffer.from(value, 'utf16le')) },
      ...(/^([0-9a-f]{2}){4,}$/i.test(value) ? [{ haystack: bytes, needle: Buffer.from(value, 'hex') }] : []),
    ];
    const found = new Set<number>();
    for (const { haystack, needle } of needles) {
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
        if (!found.has(at)) hit('forbidden', value, at, needle.length);
        found.add(at);
      }
    }
  }
  for (const { value, index } of findIdNumbers(bytes.toString('latin1'))) {
    if (!forbidden.some((listed) => listed.toLowerCase() === value.toLowerCase()))
      hit('id-number', value, index, value.length);
  }
  return hits;
}

function asciiLower(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  for (let i = 0; i < out.length; i++) {
    const byte = out[i]!;
    if (byte >= 0x41 && byte <= 0x5a) out[i] = byte + 0x20;
  }
  return out;
}

function around(text: string, at: number, length: number): string {
  return text.slice(Math.max(0, at - CONTEXT), at + length + CONTEXT);
}

/** The bytes around a hit as UTF-8 where they decode, `.` for control bytes and broken sequences. */
function printable(bytes: Buffer, at: number, length: number): string {
  const slice = bytes.subarray(Math.max(0, at - CONTEXT), Math.min(bytes.length, at + length + CONTEXT));
  // eslint-disable-next-line no-control-regex
  return slice.toString('utf8').replace(/[\u0000-\u001f\u007f\ufffd]/g, '.');
}
