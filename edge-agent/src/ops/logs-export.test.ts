import { createHash } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportLogs, logFileNames } from './logs-export.ts';

let dir: string;
let logDir: string;
let usb: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yf-logs-'));
  logDir = join(dir, 'var-log');
  usb = join(dir, 'usb');
  mkdirSync(logDir);
  mkdirSync(usb);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function logFile(name: string, content: string, modified: string): void {
  writeFileSync(join(logDir, name), content);
  const at = new Date(modified);
  utimesSync(join(logDir, name), at, at);
}

describe('logs export', () => {
  it('copies the rotated log files with a manifest of sizes and hashes, and leaves other files', () => {
    logFile('agent.1.log', '{"msg":"one"}\n', '2025-03-01T08:00:00Z');
    logFile('agent.2.log', '{"msg":"two"}\n{"msg":"three"}\n', '2025-03-02T08:00:00Z');
    logFile('notes.txt', 'not a log', '2025-03-02T08:00:00Z');
    const result = exportLogs({
      logFile: join(logDir, 'agent.log'),
      outDir: usb,
      stationId: 'GL-0001',
      now: () => new Date('2025-03-03T10:00:00.000Z'),
    });
    if (!result.ok) throw new Error(result.error);
    expect(result.value.dir).toBe(join(usb, 'yaofang-logs-GL-0001-2025-03-03T10-00-00-000Z'));
    expect(readdirSync(result.value.dir).sort()).toEqual(['agent.1.log', 'agent.2.log', 'manifest.json']);
    expect(readFileSync(join(result.value.dir, 'agent.2.log'), 'utf8')).toBe(
      '{"msg":"two"}\n{"msg":"three"}\n',
    );
    const manifest = JSON.parse(readFileSync(join(result.value.dir, 'manifest.json'), 'utf8')) as {
      station: string;
      files: { name: string; bytes: number; sha256: string; modifiedAt: string }[];
    };
    expect(manifest.station).toBe('GL-0001');
    expect(manifest.files).toEqual([
      {
        name: 'agent.1.log',
        bytes: 14,
        sha256: createHash('sha256').update('{"msg":"one"}\n').digest('hex'),
        modifiedAt: '2025-03-01T08:00:00.000Z',
      },
      expect.objectContaining({ name: 'agent.2.log', bytes: 30, modifiedAt: '2025-03-02T08:00:00.000Z' }),
    ]);
  });

  it('with --since, copies only files written to since then', () => {
    logFile('agent.1.log', 'old\n', '2025-03-01T08:00:00Z');
    logFile('agent.2.log', 'new\n', '2025-03-02T08:00:00Z');
    const result = exportLogs({
      logFile: join(logDir, 'agent.log'),
      outDir: usb,
      stationId: 'GL-0001',
      sinceMs: Date.parse('2025-03-02T00:00:00Z'),
    });
    expect(result.ok && result.value.files.map((f) => f.name)).toEqual(['agent.2.log']);
  });

  it('refuses an --out folder that does not exist, saying to mount the stick', () => {
    logFile('agent.1.log', 'x\n', '2025-03-01T08:00:00Z');
    const result = exportLogs({
      logFile: join(logDir, 'agent.log'),
      outDir: join(dir, 'media/usb0'),
      stationId: 'S',
    });
    expect(!result.ok && result.error).toBe(
      `--out ${join(dir, 'media/usb0')} does not exist: mount the USB stick first (lsblk, then sudo mount /dev/sdX1 /mnt/usb) or create the folder`,
    );
    expect(readdirSync(dir).sort()).toEqual(['usb', 'var-log']);
  });

  it('explains that journal-only logging has nothing to copy', () => {
    const result = exportLogs({ logFile: undefined, outDir: usb, stationId: 'S' });
    expect(!result.ok && result.error).toMatch(/log.file is not set.*journalctl -u yaofang-edge/);
  });

  it('recognises pino-roll names for a file with and without an extension', () => {
    const entries = [
      'agent.log',
      'agent.1.log',
      'agent.2025-03-01.12.log',
      'agent.x.log',
      'agentx.1.log',
      'other.1.log',
    ];
    expect(logFileNames('/var/log/yaofang/agent.log', entries)).toEqual([
      'agent.log',
      'agent.1.log',
      'agent.2025-03-01.12.log',
    ]);
    expect(logFileNames('/var/log/yaofang/agent', ['agent.3.log', 'agent.3'])).toEqual(['agent.3.log']);
  });
});
