import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GENESIS_HASH, envelopeHash, eventEnvelopeSchema } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES, WASTE_CATEGORIES, clockMinutes, type WasteRules } from '@yaofang/shared/waste';
import { openDatabase, type Db } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { isOpen, localDay, nextOpening } from '@yaofang/edge-agent/flows/waste/windows';
import { openCentralDb, type CentralDb } from '../central-sim/ledger-store.ts';
import { StationLedger } from '../central-sim/station-ledger.ts';
import { fakeCardKey } from '../harness/edge-in-process.ts';
import { Prng, seedFrom } from './helpers/prng.ts';

/**
 * The terminal's wall clock is stepped by hours, backward and forward (NTP
 * after a dead RTC battery, a technician setting the time by hand), while
 * events are written: the outbox's order and chain must not care, and the
 * drop-off windows must follow the clock it is now, with no memory of it.
 */
const STATION = 'CLOCK-01';
const HOUR = 3_600_000;
const SEED = seedFrom('YF_CLOCK_SEED');
const START = Date.parse('2025-03-01T06:30:00+08:00');
/** Steps in hours: across windows, local midnight, days; then back past where we began. */
const FIXED_STEPS = [0, -3, +5, -12, +26, -1, -48, +0.5, -0.25, +72, -100, +1 / 3_600_000, -1 / 3_600_000];

function clockSchedule(): number[] {
  const random = new Prng(SEED);
  const steps = [...FIXED_STEPS];
  for (let i = 0; i < 40; i++)
    steps.push((random.chance(0.5) ? -1 : 1) * (1 + random.int(72)) * random.next());
  let at = START;
  return steps.map((hours) => (at += Math.round(hours * HOUR)));
}

describe(`clock steps backward and forward by hours (seed ${SEED})`, () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-clock-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    // Only Date: SQLite, and vitest's own timers, keep real time.
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it('the outbox keeps seq gapless, the chain valid and ts on the clock; the reference ledger accepts it all', () => {
    const file = join(dir, 'edge.sqlite');
    let db: Db = openDatabase(file);
    let central: CentralDb | null = null;
    const written: Array<{ at: number; ts: string; seq: number }> = [];
    try {
      let outbox = new Outbox(db, STATION); // the agent's own clock: Date.now
      const schedule = clockSchedule();
      for (const [step, at] of schedule.entries()) {
        vi.setSystemTime(at);
        for (let n = 0; n < 3; n++) {
          const envelope = outbox.appendNow('card.presented', {
            cardKey: fakeCardKey(written.length + 1),
            reader: 'r',
          });
          written.push({ at, ts: envelope.ts, seq: envelope.seq });
        }
        if (step === Math.floor(schedule.length / 2)) {
          // A restart right after a backward step: seq and chain continue from the database, not the clock.
          db.close();
          db = openDatabase(file);
          outbox = new Outbox(db, STATION);
        }
      }

      const rows = db
        .prepare<[], { seq: number; id: string; payload: string; created_at: number }>(
          'SELECT seq, id, payload, created_at FROM outbox ORDER BY seq',
        )
        .all();
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(rows).toHaveLength(written.length);
      expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
      let prev = GENESIS_HASH;
      for (const [i, row] of rows.entries()) {
        const envelope = eventEnvelopeSchema.parse(JSON.parse(row.payload));
        expect(envelope.prev, `prev of seq ${row.seq}`).toBe(prev);
        prev = envelopeHash(row.payload);
        // ts and created_at are the wall clock at the append, even when it went backward.
        expect(envelope.ts).toBe(new Date(written[i]!.at).toISOString());
        expect(row.created_at).toBe(written[i]!.at);
      }
      // The clock really did go backward between consecutive events.
      expect(written.some((w, i) => i > 0 && w.at < written[i - 1]!.at)).toBe(true);

      central = openCentralDb();
      const ledger = new StationLedger(central, STATION);
      for (const row of rows) expect(ledger.apply(row.payload).kind, `seq ${row.seq}`).toBe('applied');
      expect(ledger.lastSeq).toBe(rows.length);
      // A resend after the clock moved is the same bytes: a duplicate, not a new fact.
      vi.setSystemTime(START - 30 * 24 * HOUR);
      expect(ledger.apply(rows[5]!.payload)).toMatchObject({ kind: 'duplicate', seq: 6 });
    } finally {
      central?.close();
      db.close();
    }
  });

  it('a clock stepped past the retention period prunes only confirmed rows, never unconfirmed ones', () => {
    const db = openDatabase(join(dir, 'prune.sqlite'));
    try {
      const outbox = new Outbox(db, STATION);
      vi.setSystemTime(START);
      for (let i = 1; i <= 10; i++)
        outbox.appendNow('card.presented', { cardKey: fakeCardKey(i), reader: 'r' });
      db.prepare('UPDATE outbox SET sent_at = ?, acked_at = ? WHERE seq <= 4').run(START, START);
      vi.setSystemTime(START + 400 * 24 * HOUR); // a year ahead
      expect(outbox.pruneConfirmed(Date.now() - 30 * 24 * HOUR)).toBe(4);
      vi.setSystemTime(START - 400 * 24 * HOUR); // and a year back
      expect(outbox.pruneConfirmed(Date.now() - 30 * 24 * HOUR)).toBe(0);
      expect(db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all()).toEqual([5, 6, 7, 8, 9, 10]);
      expect(outbox.appendNow('card.presented', { cardKey: fakeCardKey(11), reader: 'r' }).seq).toBe(11);
    } finally {
      db.close();
    }
  });

  it('drop-off windows are computed from the stepped wall clock, the same at the same time whatever came before', () => {
    const rules: WasteRules = DEFAULT_WASTE_RULES;
    const seen = new Map<number, string>();
    const schedule = clockSchedule();
    // Walk the schedule forward, then the same instants again in reverse: every answer must repeat.
    for (const at of [...schedule, ...[...schedule].reverse()]) {
      vi.setSystemTime(at);
      const now = Date.now();
      const answers: string[] = [localDay(rules, now)];
      for (const category of WASTE_CATEGORIES) {
        const open = isOpen(rules, category, now);
        expect(open, `${category} at ${localText(rules, now)}`).toBe(oracleOpen(rules, category, now));
        const opening = nextOpening(rules, category, now);
        if (rules.categories[category].windows.length === 0) expect(opening).toBeNull();
        else {
          expect(opening).not.toBeNull();
          expect(opening!).toBeGreaterThanOrEqual(now);
          expect(opening! - now).toBeLessThanOrEqual(24 * HOUR);
          expect(isOpen(rules, category, opening!), `${category} open at its next opening`).toBe(true);
          // Closed now: nothing opens before the announced opening (checked every minute on the way).
          if (!open)
            for (let t = now; t < opening!; t += 60_000) expect(isOpen(rules, category, t)).toBe(false);
        }
        answers.push(`${category}:${open}:${opening}`);
      }
      const key = answers.join('|');
      if (seen.has(now))
        expect(key, `answers at ${localText(rules, now)} the second time`).toBe(seen.get(now));
      seen.set(now, key);
    }
    expect(seen.size).toBeGreaterThan(20);
  });
});

/** Local wall clock at the rules' offset, done with Date's UTC fields: an independent reckoning. */
function localText(rules: WasteRules, at: number): string {
  return `${new Date(at + rules.timezoneOffsetMinutes * 60_000).toISOString().slice(0, 19)} local`;
}

function oracleOpen(rules: WasteRules, category: keyof WasteRules['categories'], at: number): boolean {
  const windows = rules.categories[category].windows;
  if (windows.length === 0) return true;
  const local = new Date(at + rules.timezoneOffsetMinutes * 60_000);
  const minute =
    local.getUTCHours() * 60 +
    local.getUTCMinutes() +
    local.getUTCSeconds() / 60 +
    local.getUTCMilliseconds() / 60_000;
  return windows.some((w) => minute >= clockMinutes(w.from) && minute < clockMinutes(w.to));
}
