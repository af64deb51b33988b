import pino from 'pino';
import type { AgentToKiosk, HallSessionView } from '@yaofang/shared';
import { residentKey, syntheticIdNumber } from '@yaofang/shared';
import type { RequestKind } from '@yaofang/shared/sync';
import { openDatabase, type Db } from '../../store/database.ts';
import { Outbox } from '../../store/outbox.ts';
import type { RequestOutcome } from '../../sync/request-client.ts';
import { SyncStore } from '../../sync/sync-store.ts';
import { FakePrinter } from '../waste/fake-devices.ts';
import { HallFlow, type HallFlowDeps } from './hall-flow.ts';
import type { IdCardRead } from './ports.ts';

/**
 * A hall flow on an in-memory database with a fake printer, a fake central
 * (answers per request kind) and a switchable uplink, for unit tests with
 * fake timers.
 */

export const DISTRICT_KEY = Buffer.alloc(32, 9);
export const ID_NUMBER = syntheticIdNumber(1, '19800101');
export const ID_NAME = '测试甲一';
export const RESIDENT = residentKey(DISTRICT_KEY, ID_NUMBER);
export const RECIPIENT_ID = syntheticIdNumber(2, '19500505');
export const RECIPIENT = residentKey(DISTRICT_KEY, RECIPIENT_ID);
export const RECIPIENT_CARD = '5'.repeat(64);
export const BOUND_CARD = '6'.repeat(64);
export const NEW_CARD = '7'.repeat(64);
export const HOUSEHOLD = 'HH-000301';

export const idCard = (idNumber = ID_NUMBER, patch: Partial<IdCardRead> = {}): IdCardRead => ({
  idNumber,
  name: idNumber === ID_NUMBER ? ID_NAME : '测试乙二',
  validTo: '20400101',
  idNumberValid: true,
  ...patch,
});

type Answer = (args: Record<string, unknown>) => RequestOutcome | Promise<RequestOutcome>;

export class HallRig {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly printer = new FakePrinter();
  readonly messages: AgentToKiosk[] = [];
  readonly answers = new Map<RequestKind, Answer>();
  readonly asked: Array<{ kind: RequestKind; args: Record<string, unknown>; timeoutMs: number }> = [];
  connected = true;
  readonly flow: HallFlow;

  constructor(extra: Partial<HallFlowDeps> = {}) {
    this.db = openDatabase(':memory:');
    this.outbox = new Outbox(this.db, 'H-1');
    const bind = this.db.prepare(
      "INSERT INTO card_bindings (card_key, resident_key, household, kind, version) VALUES (?, ?, ?, 'resident', 1)",
    );
    bind.run(BOUND_CARD, RESIDENT, HOUSEHOLD);
    bind.run(RECIPIENT_CARD, RECIPIENT, null);
    this.flow = new HallFlow({
      stationId: 'H-1',
      db: this.db,
      outbox: this.outbox,
      sync: new SyncStore(this.db),
      requests: {
        request: (kind, args, options) => {
          this.asked.push({ kind, args, timeoutMs: options.timeoutMs });
          if (!this.connected) return Promise.resolve({ source: 'none', reason: 'offline' });
          const answer = this.answers.get(kind);
          return Promise.resolve(answer ? answer(args) : { source: 'none', reason: 'deadline' });
        },
      },
      uplink: { isConnected: () => this.connected },
      printer: this.printer,
      districtKey: DISTRICT_KEY,
      broadcast: (message) => this.messages.push(message),
      onEventWritten: () => undefined,
      log: pino({ level: 'silent' }),
      ...extra,
    });
    this.flow.start();
  }

  session(): HallSessionView | null {
    const last = this.messages.findLast((message) => message.type === 'hall.session');
    return last?.type === 'hall.session' ? last.session : null;
  }

  setBalance(resident: string, account: 'points' | 'minutes', balance: number): void {
    this.db
      .prepare(
        `INSERT INTO balance_snapshots (resident_key, account, balance, as_of, received_at)
         VALUES (?, ?, ?, '2025-01-01T00:00:00.000Z', 0)`,
      )
      .run(resident, account, balance);
  }

  /** The central acked every row so far, with these results (by event type). */
  ack(results: Record<string, { status: string; reason?: string; data?: object }> = {}): void {
    const rows = this.db.prepare('SELECT seq, type FROM outbox').all() as Array<{
      seq: number;
      type: string;
    }>;
    for (const row of rows) {
      const result = results[row.type];
      this.db
        .prepare('UPDATE outbox SET sent_at = 1, acked_at = 2, result = ? WHERE seq = ?')
        .run(result ? JSON.stringify(result) : null, row.seq);
    }
  }

  events(type: string): Array<{ class: string; data: Record<string, unknown> }> {
    return (
      this.db.prepare('SELECT class, payload FROM outbox WHERE type = ? ORDER BY seq').all(type) as Array<{
        class: string;
        payload: string;
      }>
    ).map((row) => ({
      class: row.class,
      data: (JSON.parse(row.payload) as { data: Record<string, unknown> }).data,
    }));
  }

  /** Every text column of every table, for the "no raw identity" check. */
  dump(): string {
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{
      name: string;
    }>;
    return tables
      .map(({ name }) => JSON.stringify(this.db.prepare(`SELECT * FROM "${name}"`).all()))
      .join('\n');
  }

  close(): void {
    this.flow.stop();
    this.db.close();
  }
}
