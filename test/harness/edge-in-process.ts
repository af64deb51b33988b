import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDatabase, type Db } from '@yaofang/edge-agent/store/database';
import { Outbox } from '@yaofang/edge-agent/store/outbox';
import { Uplink, type UplinkOptions } from '@yaofang/edge-agent/uplink/uplink';

export interface InProcessEdge {
  dir: string;
  db: Db;
  outbox: Outbox;
  uplink: Uplink;
  stop(): Promise<void>;
}

/**
 * The agent's store and uplink in the test process, on a real SQLite file
 * and a real broker: for tests about delivery that need thousands of events
 * faster than card taps can make them.
 */
export function startInProcessEdge(
  stationId: string,
  url: string,
  overrides: Partial<UplinkOptions> = {},
): InProcessEdge {
  const dir = mkdtempSync(join(tmpdir(), 'yf-edge-'));
  const db = openDatabase(join(dir, 'edge.sqlite'));
  const outbox = new Outbox(db, stationId);
  const uplink = new Uplink(
    outbox,
    {
      url,
      stationId,
      clientId: `yf-edge-${stationId}`,
      version: 'test',
      bootCount: 1,
      protocolVersion: 5,
      keepaliveSeconds: 10,
      inflightWindow: 64,
      reconnectBaseMs: 50,
      reconnectCapMs: 1000,
      ...overrides,
    },
    pino({ level: 'silent' }),
  );
  uplink.start();
  return {
    dir,
    db,
    outbox,
    uplink,
    stop: async () => {
      await uplink.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 64-hex stand-in for a cardKey, distinct per n. */
export const fakeCardKey = (n: number) => n.toString(16).padStart(64, '0');
