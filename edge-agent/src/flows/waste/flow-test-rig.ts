import pino from 'pino';
import { vi } from 'vitest';
import type { AgentToKiosk, StationView, WasteSessionView, WasteStep } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES, type WasteRules } from '@yaofang/shared/waste';
import { wasteReceipt } from '@yaofang/shared/waste-receipt';
import { openDatabase, type Db } from '../../store/database.ts';
import { Outbox } from '../../store/outbox.ts';
import { SyncStore } from '../../sync/sync-store.ts';
import { FakeBin, FakePrinter, FakeScale } from './fake-devices.ts';
import { WasteStation, type WasteStationDeps } from './waste-station.ts';

/**
 * A waste station on an in-memory database with fake devices, for the flow's
 * unit tests (fake timers: a test advances the clock). Compartment 0 holds
 * kitchen waste (07:00–09:00 and 18:00–20:00 by default), 1 recyclables (all day).
 */

export const RESIDENT = 'a'.repeat(64);
export const OTHER_RESIDENT = 'b'.repeat(64);
export const CARD = '1'.repeat(64);
export const OTHER_CARD = '2'.repeat(64);
export const TECH_CARD = '3'.repeat(64);
export const UNBOUND_CARD = '4'.repeat(64);
export const HOUSEHOLD = 'HH-000101';
export const DISTRICT_KEY = Buffer.alloc(32, 7);

/** Epoch ms of a Beijing-time (UTC+8) wall clock reading. */
export const bj = (local: string): number => Date.parse(`${local}+08:00`);

export class FlowRig {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly bin = new FakeBin();
  readonly scale = new FakeScale();
  readonly printer = new FakePrinter();
  readonly messages: AgentToKiosk[] = [];
  station: WasteStation;

  constructor(readonly extra: Partial<WasteStationDeps> = {}) {
    this.db = openDatabase(':memory:');
    this.outbox = new Outbox(this.db, 'W-1');
    const bind = this.db.prepare(
      'INSERT INTO card_bindings (card_key, resident_key, household, kind, version) VALUES (?, ?, ?, ?, 1)',
    );
    bind.run(CARD, RESIDENT, HOUSEHOLD, 'resident');
    bind.run(OTHER_CARD, OTHER_RESIDENT, null, 'resident');
    bind.run(TECH_CARD, null, null, 'technician');
    this.station = this.build();
  }

  /** A new station on the same database and devices: what a restarted agent builds. */
  build(): WasteStation {
    return new WasteStation({
      role: 'waste',
      stationId: 'W-1',
      db: this.db,
      outbox: this.outbox,
      sync: new SyncStore(this.db),
      bin: this.bin,
      scale: this.scale,
      printer: this.printer,
      districtKey: DISTRICT_KEY,
      faults: () => [],
      broadcast: (message) => this.messages.push(message),
      onEventWritten: () => undefined,
      buildReceipt: wasteReceipt,
      log: pino({ level: 'silent' }),
      monotonicNow: () => Date.now(),
      ...this.extra,
    });
  }

  /** Store rules as if the central platform had synced them to this station. */
  setRules(patch: (rules: WasteRules) => WasteRules): void {
    const data = patch(structuredClone<WasteRules>(DEFAULT_WASTE_RULES));
    const payload = JSON.stringify({ version: data.version, issuedAt: new Date().toISOString(), data });
    this.db
      .prepare(
        `INSERT INTO sync_documents (kind, version, payload, signature, received_at) VALUES ('rules', ?, ?, 'sig', 0)
         ON CONFLICT (kind) DO UPDATE SET version = excluded.version, payload = excluded.payload`,
      )
      .run(data.version, payload);
  }

  session(): WasteSessionView | null {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i]!;
      if (message.type === 'waste.session') return message.session;
    }
    return null;
  }

  stationView(): StationView | null {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i]!;
      if (message.type === 'station') return message.station;
    }
    return null;
  }

  /** Advance the fake clock until the session reaches `step` (or `null`: ended). */
  async until(step: WasteStep | null, limitMs = 120_000): Promise<void> {
    for (let waited = 0; waited <= limitMs; waited += 100) {
      if ((this.session()?.step ?? null) === step) return;
      await vi.advanceTimersByTimeAsync(100);
    }
    throw new Error(`session never reached ${step}; it is at ${this.session()?.step ?? 'no session'}`);
  }

  /** One whole drop of `netGrams` into `category`, closed with 完成. */
  async drop(category: 'kitchen' | 'recyclable', netGrams: number): Promise<void> {
    this.station.intent({ type: 'waste.choose', category });
    await this.until('dropping');
    this.scale.set(this.gross() + netGrams);
    this.station.intent({ type: 'waste.done' });
    await this.until('result');
  }

  gross(): number {
    return this.scale.latest()?.grams ?? 0;
  }

  rows<T>(sql: string): T[] {
    return this.db.prepare(sql).all() as T[];
  }

  events(type: string): Array<{ class: string; data: Record<string, unknown> }> {
    return this.rows<{ class: string; payload: string }>(
      `SELECT class, payload FROM outbox WHERE type = '${type}' ORDER BY seq`,
    ).map((row) => ({
      class: row.class,
      data: (JSON.parse(row.payload) as { data: Record<string, unknown> }).data,
    }));
  }

  close(): void {
    this.station.stop();
    this.bin.dispose();
    this.db.close();
  }
}
