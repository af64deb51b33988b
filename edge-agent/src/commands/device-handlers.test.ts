import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { BinResult, CompartmentState, DeviceHealth, LidState } from '@yaofang/firmware-bridge';
import { err, ok } from '@yaofang/shared';
import type { BinHandle, ManagedDevice } from '../devices/device-handles.ts';
import type { StoredDocument, StoredRules } from '../sync/sync-store.ts';
import { deviceCommandHandlers, LOG_RESULT_BUDGET, type DeviceHandlerDeps } from './device-handlers.ts';

const context = () => ({
  commandId: 'c-1',
  issuedAtMs: 0,
  expiresAtMs: 1,
  signal: new AbortController().signal,
});

const health = (state: DeviceHealth['state']): DeviceHealth => ({
  state,
  since: 0,
  lastError: state === 'connected' ? null : 'port gone',
  errorCount: 0,
  frameCount: 0,
  recentFrames: [],
});

function compartmentState(lid: LidState): CompartmentState {
  return {
    lid,
    fillPercent: 10,
    temperatureDeciC: 250,
    alarms: { smoke: false, overTemperature: false, full: false, lidJam: lid === 'jammed', tamper: false },
    autoCloseSeconds: 30,
  };
}

/** A bin whose lid walks through `lids`, one per read, staying at the last. */
function fakeBin(lids: LidState[], open: BinResult<null> = { code: 'ok', value: null }) {
  const opened: number[] = [];
  let reads = 0;
  const bin = {
    id: 'bin-1',
    kind: 'bin-modbus',
    compartments: 2,
    categories: ['kitchen', 'other'],
    openLid: (index: number) => {
      opened.push(index);
      return Promise.resolve(open);
    },
    compartment: () => {
      const lid = lids[Math.min(reads++, lids.length - 1)]!;
      return Promise.resolve({ code: 'ok' as const, value: compartmentState(lid) });
    },
  } as unknown as BinHandle;
  return { bin, opened };
}

function fakeDevice(id: string, states: Array<DeviceHealth['state']>): ManagedDevice {
  let reads = 0;
  return {
    id,
    kind: 'printer-escpos',
    health: () => health(states[Math.min(reads++, states.length - 1)]!),
    onHealth: () => () => undefined,
    reset: () => Promise.resolve(),
    stop: () => Promise.resolve(),
  };
}

function handlers(overrides: Partial<DeviceHandlerDeps> = {}) {
  const devices: ManagedDevice[] = [fakeDevice('printer-1', ['disconnected', 'disconnected', 'connected'])];
  const resets: string[] = [];
  return {
    resets,
    handlers: deviceCommandHandlers({
      devices: {
        bin: undefined,
        get: (id) => devices.find((device) => device.id === id),
        reset: (id) => {
          const device = devices.find((d) => d.id === id);
          if (!device) return Promise.resolve(err(`no device "${id}" on this station; known: printer-1`));
          resets.push(id);
          return Promise.resolve(ok({ kind: device.kind, health: device.health() }));
        },
      },
      store: { storedRules: () => ({ station: null, district: null }), document: () => null },
      logFile: undefined,
      log: pino({ level: 'silent' }),
      pollMs: 1,
      ...overrides,
    }),
  };
}

describe('bin.open', () => {
  it('opens the lid and answers once the controller reports it open', async () => {
    const { bin, opened } = fakeBin(['opening', 'opening', 'open']);
    const result = await handlers({
      devices: { bin, get: () => undefined, reset: () => Promise.reject(new Error()) },
    }).handlers['bin.open']({ compartment: 0, reason: 'maintenance' }, context());
    expect(result).toEqual({ ok: true, value: { compartment: 0, lid: 'open', category: 'kitchen' } });
    expect(opened).toEqual([0]);
  });

  it('is refused with a clear reason when the station has no bin', async () => {
    const result = await handlers().handlers['bin.open']({ compartment: 0, reason: 'test' }, context());
    expect(result).toEqual({
      ok: false,
      error: 'no bin controller is configured on this station (no bin-modbus device); nothing was opened',
    });
  });

  it('refuses a compartment the bin does not have, without touching the lid', async () => {
    const { bin, opened } = fakeBin(['closed']);
    const result = await handlers({
      devices: { bin, get: () => undefined, reset: () => Promise.reject(new Error()) },
    }).handlers['bin.open']({ compartment: 3, reason: 'test' }, context());
    expect(result).toEqual({ ok: false, error: 'compartment 3 does not exist: this bin has 2 (0–1)' });
    expect(opened).toEqual([]);
  });

  it('reports the lid state when it does not open in time, and a jam at once', async () => {
    const slow = fakeBin(['opening']);
    const deps = (bin: BinHandle) => ({
      devices: { bin, get: () => undefined, reset: () => Promise.reject(new Error()) },
      lidTimeoutMs: 20,
    });
    expect(
      await handlers(deps(slow.bin)).handlers['bin.open']({ compartment: 1, reason: 'x' }, context()),
    ).toEqual({
      ok: false,
      error: 'the lid of compartment 1 did not open within 20 ms; it is opening',
    });
    const jammed = fakeBin(['jammed']);
    expect(
      await handlers(deps(jammed.bin)).handlers['bin.open']({ compartment: 1, reason: 'x' }, context()),
    ).toEqual({
      ok: false,
      error: 'the lid of compartment 1 is jammed',
    });
  });

  it('says why when the controller does not take the command', async () => {
    const { bin } = fakeBin(['closed'], { code: 'timeout', attempts: 3 });
    const result = await handlers({
      devices: { bin, get: () => undefined, reset: () => Promise.reject(new Error()) },
    }).handlers['bin.open']({ compartment: 0, reason: 'x' }, context());
    expect(result).toEqual({
      ok: false,
      error: 'the bin controller did not take the open command: no answer after 3 attempts',
    });
  });
});

describe('device.reset', () => {
  it('restarts the device and answers with its state once connected', async () => {
    const { handlers: h, resets } = handlers();
    const result = await h['device.reset']({ deviceId: 'printer-1' }, context());
    expect(result).toEqual({
      ok: true,
      value: { deviceId: 'printer-1', kind: 'printer-escpos', state: 'connected', lastError: null },
    });
    expect(resets).toEqual(['printer-1']);
  });

  it('fails for an unknown id, listing the known ones', async () => {
    const result = await handlers().handlers['device.reset']({ deviceId: 'scale-9' }, context());
    expect(result).toEqual({ ok: false, error: 'no device "scale-9" on this station; known: printer-1' });
  });
});

describe('logs.request', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'yf-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (time: number, msg: string) => JSON.stringify({ level: 30, time, msg });
  function logFile(name: string, lines: string[], mtimeMs: number): void {
    const file = join(dir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
  }

  it('says so when the agent logs to stdout', async () => {
    const result = await handlers().handlers['logs.request']({}, context());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/logs to stdout/);
  });

  it('returns the newest lines across rotated files, oldest first, scrubbed', async () => {
    logFile('agent.1.log', [line(1000, 'old one'), line(2000, 'old two')], 2_000);
    logFile('agent.2.log', [line(3000, 'new 320102199001011234'), line(4000, 'newest')], 4_000);
    logFile('other.log', [line(5000, 'not ours')], 5_000);
    const result = await handlers({ logFile: join(dir, 'agent.log') }).handlers['logs.request'](
      {},
      context(),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        lines: [
          line(1000, 'old one'),
          line(2000, 'old two'),
          line(3000, 'new 320102********1234'),
          line(4000, 'newest'),
        ],
        files: ['agent.2.log', 'agent.1.log'],
        truncated: false,
        limitBytes: LOG_RESULT_BUDGET,
      },
    });
  });

  it('keeps within maxBytes and leaves out lines before sinceIso', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => line(1000 + i, `line ${i}`));
    logFile('agent.1.log', lines, 2_000);
    const h = handlers({ logFile: join(dir, 'agent.log') }).handlers;

    const capped = await h['logs.request']({ maxBytes: 200 }, context());
    const value = capped.ok ? (capped.value as { lines: string[]; truncated: boolean }) : null;
    expect(value?.truncated).toBe(true);
    expect(value?.lines.at(-1)).toBe(lines.at(-1));
    expect(JSON.stringify(value?.lines).length).toBeLessThanOrEqual(201);

    const since = await h['logs.request']({ sinceIso: new Date(1045).toISOString() }, context());
    expect(since.ok && (since.value as { lines: string[] }).lines).toEqual(lines.slice(45));
  });

  it('never returns more than fits in a command result, whatever maxBytes says', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) =>
      line(1000 + i, `a fairly long log line number ${i}`),
    );
    logFile('agent.1.log', lines, 2_000);
    const result = await handlers({ logFile: join(dir, 'agent.log') }).handlers['logs.request'](
      { maxBytes: 1024 * 1024 },
      context(),
    );
    expect(result.ok).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(result.ok && result.value))).toBeLessThan(
      LOG_RESULT_BUDGET + 200,
    );
  });
});

describe('rules.apply', () => {
  const rules = (version: number): StoredRules => ({ version, issuedAt: '2025-03-01T00:00:00Z', data: {} });
  const store = (
    station: StoredRules | null,
    district: StoredRules | null,
    document: StoredDocument | null = null,
  ) => ({
    store: { storedRules: () => ({ station, district }), document: () => document },
  });

  it('reports the stored version in force and its scope', async () => {
    const result = await handlers(store(rules(3), rules(7))).handlers['rules.apply'](
      { kind: 'rules', version: 7 },
      context(),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        kind: 'rules',
        version: 7,
        scope: 'district',
        inForce: {
          station: { version: 3, issuedAt: '2025-03-01T00:00:00Z' },
          district: { version: 7, issuedAt: '2025-03-01T00:00:00Z' },
        },
      },
    });
  });

  it('fails when nothing, or another version, is stored', async () => {
    const none = await handlers().handlers['rules.apply']({ kind: 'rules', version: 2 }, context());
    expect(none).toEqual({
      ok: false,
      error: 'no rules document is stored here; version 2 was never received',
    });
    const other = await handlers(store(rules(3), null)).handlers['rules.apply'](
      { kind: 'rules', version: 4 },
      context(),
    );
    expect(other).toEqual({
      ok: false,
      error:
        'rules version 4 is not stored here (station: v3, district: none); the stored versions stay in force',
    });
  });

  it('checks other sync kinds by their stored document, and refuses unknown kinds', async () => {
    const cards: StoredDocument = { version: 5, payload: '{}', signature: 's', receivedAt: 0 };
    const h = handlers(store(null, null, cards)).handlers;
    expect(await h['rules.apply']({ kind: 'cards', version: 5 }, context())).toEqual({
      ok: true,
      value: { kind: 'cards', version: 5, scope: 'station', inForce: { version: 5 } },
    });
    expect(await h['rules.apply']({ kind: 'cards', version: 4 }, context())).toEqual({
      ok: false,
      error: 'cards version 4 is not stored here; version 5 is in force',
    });
    expect(await h['rules.apply']({ kind: 'menus', version: 1 }, context())).toEqual({
      ok: false,
      error: 'unknown sync kind "menus"; known: rules, cards, balances',
    });
  });
});
