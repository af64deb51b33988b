import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { DeviceHealth } from '@yaofang/firmware-bridge';
import { openDatabase, type Db } from '../store/database.ts';
import { Outbox } from '../store/outbox.ts';
import { DeviceSupervisor, type SupervisedDevice } from './supervisor.ts';

function fakeDevice(
  id: string,
): SupervisedDevice & { set(state: DeviceHealth['state'], error?: string): void } {
  let health: DeviceHealth = {
    state: 'connected',
    since: 0,
    lastError: null,
    errorCount: 0,
    frameCount: 0,
    recentFrames: [],
  };
  const listeners = new Set<(h: DeviceHealth) => void>();
  return {
    id,
    kind: 'rfid-em4100',
    health: () => health,
    onHealth: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(state, error) {
      health = { ...health, state, since: Date.now(), lastError: error ?? null };
      for (const listener of listeners) listener(health);
    },
  };
}

describe('DeviceSupervisor', () => {
  let dir: string;
  let db: Db;
  let outbox: Outbox;

  beforeEach(() => {
    vi.useFakeTimers();
    dir = mkdtempSync(join(tmpdir(), 'yf-sup-'));
    db = openDatabase(join(dir, 'edge.sqlite'));
    outbox = new Outbox(db, 'S-1');
  });
  afterEach(() => {
    vi.useRealTimers();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const alarms = () =>
    outbox
      .nextUnsent(0, 100)
      .map((row) => (JSON.parse(row.payload) as { data: { state: string; recovered: boolean } }).data);

  it('records a lasting fault and its recovery as device.alarm events', () => {
    const reader = fakeDevice('reader-1');
    const kicks = vi.fn();
    const supervisor = new DeviceSupervisor({
      devices: [reader],
      outbox,
      log: pino({ level: 'silent' }),
      onEventWritten: kicks,
      settleMs: 1000,
    });
    supervisor.start();
    reader.set('disconnected', '/dev/ttyUSB0: port closed');
    vi.advanceTimersByTime(1000);
    reader.set('connected');
    vi.advanceTimersByTime(1000);
    expect(alarms()).toMatchObject([
      { state: 'disconnected', recovered: false },
      { state: 'connected', recovered: true },
    ]);
    expect(kicks).toHaveBeenCalledTimes(2);
    expect(supervisor.summary()['reader-1']).toMatchObject({ state: 'connected', kind: 'rfid-em4100' });
    supervisor.stop();
  });

  it('reports nothing for a flap shorter than the settle time', () => {
    const reader = fakeDevice('reader-1');
    const supervisor = new DeviceSupervisor({
      devices: [reader],
      outbox,
      log: pino({ level: 'silent' }),
      onEventWritten: () => undefined,
      settleMs: 1000,
    });
    supervisor.start();
    for (let i = 0; i < 10; i++) {
      reader.set('disconnected', 'flap');
      vi.advanceTimersByTime(100);
      reader.set('connected');
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(5000);
    expect(alarms()).toEqual([]);
    supervisor.stop();
  });
});
