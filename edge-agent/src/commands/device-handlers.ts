import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { BinResult, DeviceHealth } from '@yaofang/firmware-bridge';
import { err, isSyncKind, ok, type Result } from '@yaofang/shared';
import type { BinHandle, ManagedDevice } from '../devices/device-handles.ts';
import { scrubLogLine } from '../logger.ts';
import { logFileNames } from '../ops/logs-export.ts';
import type { StoredRules, SyncStore } from '../sync/sync-store.ts';
import type { CommandHandlers } from './handlers.ts';
import { MAX_RESULT_BYTES } from './processor.ts';

export interface DeviceHandlerDeps {
  devices: {
    readonly bin: BinHandle | undefined;
    get(id: string): ManagedDevice | undefined;
    reset(id: string): Promise<Result<{ kind: string; health: DeviceHealth }, string>>;
  };
  store: Pick<SyncStore, 'storedRules' | 'document'>;
  /** `log.file` of the config; unset when the agent logs to stdout. */
  logFile: string | undefined;
  log: Logger;
  /** How long `bin.open` waits for the lid to report open (default 10 s). */
  lidTimeoutMs?: number;
  /** How long `device.reset` waits for the new driver to connect before answering (default 3 s). */
  resetSettleMs?: number;
  pollMs?: number;
}

type DeviceCommand = 'bin.open' | 'device.reset' | 'logs.request' | 'rules.apply';

export const DEFAULT_LOG_BYTES = 64 * 1024;
/**
 * Lines travel inside the `command.result` event, which the processor caps
 * at MAX_RESULT_BYTES; the rest of the event needs some room too.
 */
export const LOG_RESULT_BUDGET = MAX_RESULT_BYTES - 1024;

/** The remote commands that act on this station's devices, logs and synced rules. */
export function deviceCommandHandlers(deps: DeviceHandlerDeps): Pick<CommandHandlers, DeviceCommand> {
  const pollMs = deps.pollMs ?? 200;
  return {
    'bin.open': async ({ compartment, reason }, context) => {
      const bin = deps.devices.bin;
      if (!bin) {
        return err(
          'no bin controller is configured on this station (no bin-modbus device); nothing was opened',
        );
      }
      if (compartment >= bin.compartments) {
        return err(
          `compartment ${compartment} does not exist: this bin has ${bin.compartments} (0–${bin.compartments - 1})`,
        );
      }
      deps.log.info(
        { commandId: context.commandId, compartment, reason },
        'opening a bin lid by remote command',
      );
      const sent = await bin.openLid(compartment);
      if (sent.code !== 'ok')
        return err(`the bin controller did not take the open command: ${modbusText(sent)}`);
      const timeoutMs = deps.lidTimeoutMs ?? 10_000;
      const lid = await poll(
        async () => {
          const read = await bin.compartment(compartment);
          return read.code === 'ok' && (read.value.lid === 'open' || read.value.lid === 'jammed')
            ? read.value.lid
            : null;
        },
        timeoutMs,
        pollMs,
        context.signal,
      );
      if (lid === 'open') return ok({ compartment, lid, category: bin.categories[compartment] ?? null });
      if (lid === 'jammed') return err(`the lid of compartment ${compartment} is jammed`);
      const now = await bin.compartment(compartment);
      const state = now.code === 'ok' ? now.value.lid : `unknown (${modbusText(now)})`;
      return err(`the lid of compartment ${compartment} did not open within ${timeoutMs} ms; it is ${state}`);
    },

    'device.reset': async ({ deviceId }, context) => {
      const reset = await deps.devices.reset(deviceId);
      if (!reset.ok) return err(reset.error);
      deps.log.info({ commandId: context.commandId, deviceId }, 'device reset by remote command');
      const device = deps.devices.get(deviceId);
      // A fresh transport needs a moment to open: answer with where it got to.
      await poll(
        () => Promise.resolve(device?.health().state === 'connected' || null),
        deps.resetSettleMs ?? 3000,
        pollMs,
        context.signal,
      );
      const health = device?.health() ?? reset.value.health;
      return ok({ deviceId, kind: reset.value.kind, state: health.state, lastError: health.lastError });
    },

    'logs.request': async ({ sinceIso, maxBytes }) => {
      if (!deps.logFile) {
        return err(
          'log.file is not set: this agent logs to stdout (the systemd journal), so there is no log file to send; read it with `journalctl -u yaofang-edge`, or set log.file',
        );
      }
      const limitBytes = Math.min(maxBytes ?? DEFAULT_LOG_BYTES, LOG_RESULT_BUDGET);
      const sinceMs = sinceIso === undefined ? undefined : Date.parse(sinceIso);
      return ok(await newestLogLines(deps.logFile, limitBytes, sinceMs));
    },

    'rules.apply': ({ kind, version }) => Promise.resolve(rulesInForce(deps.store, kind, version)),
  };
}

/** Which stored version of a sync document is in force, when `version` is the one stored. */
function rulesInForce(
  store: DeviceHandlerDeps['store'],
  kind: string,
  version: number,
): Result<object, string> {
  if (!isSyncKind(kind))
    return err(`unknown sync kind ${JSON.stringify(kind)}; known: rules, cards, balances`);
  if (kind === 'rules') {
    const { station, district } = store.storedRules();
    const describe = (rules: StoredRules | null) =>
      rules && { version: rules.version, issuedAt: rules.issuedAt };
    const inForce = { station: describe(station), district: describe(district) };
    const scope =
      station?.version === version ? 'station' : district?.version === version ? 'district' : null;
    if (scope) return ok({ kind, version, scope, inForce });
    if (!station && !district)
      return err(`no rules document is stored here; version ${version} was never received`);
    return err(
      `rules version ${version} is not stored here (station: ${station ? `v${station.version}` : 'none'}, district: ${district ? `v${district.version}` : 'none'}); the stored versions stay in force`,
    );
  }
  const stored = store.document(kind);
  if (!stored) return err(`no ${kind} document is stored here; version ${version} was never received`);
  if (stored.version !== version) {
    return err(`${kind} version ${version} is not stored here; version ${stored.version} is in force`);
  }
  return ok({ kind, version, scope: 'station', inForce: { version: stored.version } });
}

export interface LogLines {
  /** Oldest first. */
  lines: string[];
  files: string[];
  /** True when older lines were left out to stay within `limitBytes`. */
  truncated: boolean;
  limitBytes: number;
}

/**
 * The newest lines of the log file and its rotated siblings, within
 * `limitBytes` as they will be serialised. Only each file's tail is read.
 */
export async function newestLogLines(
  logFile: string,
  limitBytes: number,
  sinceMs?: number,
): Promise<LogLines> {
  const dir = dirname(logFile);
  const entries = await readdir(dir).catch(() => [] as string[]);
  const files = await Promise.all(
    logFileNames(logFile, entries).map(async (name) => ({ name, info: await stat(join(dir, name)) })),
  );
  files.sort((a, b) => b.info.mtimeMs - a.info.mtimeMs); // newest first

  const taken: string[] = [];
  const used: string[] = [];
  let budget = limitBytes;
  let truncated = false;
  for (const { name, info } of files) {
    if (sinceMs !== undefined && info.mtimeMs < sinceMs) break;
    const { lines, partial } = await tailLines(join(dir, name), info.size, limitBytes);
    let took = false;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = scrubLogLine(lines[i]!);
      if (sinceMs !== undefined && lineTime(line) < sinceMs) break;
      const cost = Buffer.byteLength(JSON.stringify(line)) + 1;
      if (cost > budget) {
        truncated = true;
        break;
      }
      budget -= cost;
      taken.push(line);
      took = true;
    }
    if (took) used.push(basename(name));
    if (truncated) break;
    if (partial) {
      truncated = true;
      break;
    }
  }
  return { lines: taken.reverse(), files: used, truncated, limitBytes };
}

/** Whole lines of the last `maxBytes` of a file; `partial` when the file holds more before them. */
async function tailLines(file: string, size: number, maxBytes: number) {
  const start = Math.max(0, size - maxBytes);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.subarray(0, bytesRead).toString('utf8').split('\n');
    if (start > 0) lines.shift(); // cut in the middle
    return { lines: lines.filter((line) => line.trim() !== ''), partial: start > 0 };
  } finally {
    await handle.close();
  }
}

/** pino's `time` (epoch ms); lines without one count as new, so nothing is lost silently. */
function lineTime(line: string): number {
  const match = /"time":(\d+)/.exec(line);
  return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
}

function modbusText(failure: Exclude<BinResult<unknown>, { code: 'ok' }>): string {
  switch (failure.code) {
    case 'exception':
      return `the controller answered exception ${failure.exception} (${failure.name})`;
    case 'timeout':
      return `no answer after ${failure.attempts} attempts`;
    case 'crc-error':
      return `damaged replies after ${failure.attempts} attempts (${failure.reason})`;
    case 'disconnected':
      return `disconnected (${failure.reason})`;
    case 'bad-reply':
      return `unexpected reply (${failure.reason})`;
  }
}

/** Probe until it gives a value, the time is up or the command is aborted; null when none came. */
async function poll<T>(
  probe: () => Promise<T | null>,
  timeoutMs: number,
  intervalMs: number,
  signal: AbortSignal,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (signal.aborted || Date.now() >= deadline) return null;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
