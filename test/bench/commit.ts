import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '@yaofang/shared';
import { wasteDepositedSchema } from '@yaofang/shared/waste';
import { openDatabase } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { WasteFlowStore, type PersistedSession } from '@yaofang/edge-agent/flows/waste/flow-store';
import { percentile } from './stats.ts';

export interface CommitLatency {
  dropP50Ms: number;
  dropP99Ms: number;
  bareP50Ms: number;
  bareP99Ms: number;
}

/**
 * Commit latency of one waste drop (drop + ledger + outbox + session, one
 * transaction, WAL, synchronous=FULL) against a bare one-row insert with the
 * same pragmas on the same disk, measured alternately in one run.
 */
export function commitLatency(count: number): CommitLatency {
  const dir = mkdtempSync(join(tmpdir(), 'yf-bench-commit-'));
  const db = openDatabase(join(dir, 'edge.sqlite'));
  const bare = openDatabase(join(dir, 'bare.sqlite'));
  try {
    bare.exec('CREATE TABLE bare (id TEXT PRIMARY KEY, data TEXT NOT NULL)');
    const insertBare = bare.prepare('INSERT INTO bare (id, data) VALUES (?, ?)');
    const store = new WasteFlowStore(db, new Outbox(db, 'BENCH-COMMIT'));
    const drops: number[] = [];
    const bares: number[] = [];
    for (let i = 0; i < count; i++) {
      const sessionId = uuidv7();
      const dropId = uuidv7();
      const now = Date.now();
      const deposit = wasteDepositedSchema.parse({
        dropId,
        sessionId,
        residentKey: 'e'.repeat(64),
        household: 'HH-BENCH',
        category: 'kitchen',
        compartment: 0,
        grossBeforeGrams: 10_000,
        grossAfterGrams: 11_250,
        netGrams: 1250,
        points: 2,
        outcome: 'credited',
        rulesVersion: 1,
        recovered: false,
        at: new Date(now).toISOString(),
      });
      const session: PersistedSession = {
        sessionId,
        residentKey: deposit.residentKey,
        household: deposit.household,
        step: 'result',
        category: 'kitchen',
        compartment: 0,
        dropId,
        grossBeforeGrams: 10_000,
        closesAt: null,
        startedAt: now,
      };
      let started = performance.now();
      store.recordDrop(deposit, '2026-01-01', session, now);
      drops.push(performance.now() - started);
      started = performance.now();
      bare.transaction(() => insertBare.run(dropId, JSON.stringify(deposit)))();
      bares.push(performance.now() - started);
    }
    const ms = (value: number) => Math.round(value * 1000) / 1000;
    return {
      dropP50Ms: ms(percentile(drops, 50)),
      dropP99Ms: ms(percentile(drops, 99)),
      bareP50Ms: ms(percentile(bares, 50)),
      bareP99Ms: ms(percentile(bares, 99)),
    };
  } finally {
    db.close();
    bare.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
