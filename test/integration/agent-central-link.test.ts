import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cardKey, type EventEnvelope } from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'LINK-01';

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('the real agent and the reference central: acks, commands, sync', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  const applied: EventEnvelope[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-link-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'central-link',
      dataFile: join(dir, 'central.sqlite'),
    });
    central.onApplied((_station, envelope) => applied.push(envelope));
    await central.start();
    station = await SimulatedStation.start({
      dir: join(dir, 'station'),
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
    });
  });

  afterAll(async () => {
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks an event confirmed on the terminal once the central acks it', async () => {
    station.reader.tap(DEMO_CARDS[0]);
    await waitFor(() => applied.find((e) => e.type === 'card.presented'), 'the tap applied at the central');
    await waitFor(
      () =>
        query<{ acked_at: number | null }>(
          station.databaseFile,
          'SELECT acked_at FROM outbox WHERE seq = 1',
        )[0]?.acked_at,
      'the ack recorded on the terminal',
    );
  });

  it('runs a signed ping once and answers it with a command.result event', async () => {
    const id = await central.issueCommand(STATION, 'ping', {});
    const result = await waitFor(
      () => applied.find((e) => e.type === 'command.result' && e.data.commandId === id),
      'the command result at the central',
    );
    expect(result.data).toMatchObject({ name: 'ping', status: 'done' });
  });

  it('stores signed card bindings pushed by the central', async () => {
    const key = cardKey(station.districtKey(), DEMO_CARDS[1]);
    await central.publishCards(STATION, [
      { cardKey: key, residentKey: 'a'.repeat(64), household: 'H-001', kind: 'resident' },
    ]);
    const rows = await waitFor(() => {
      const found = query<{ card_key: string; household: string }>(
        station.databaseFile,
        'SELECT card_key, household FROM card_bindings',
      );
      return found.length > 0 ? found : null;
    }, 'the binding stored on the terminal');
    expect(rows).toEqual([{ card_key: key, household: 'H-001' }]);
  });
});
