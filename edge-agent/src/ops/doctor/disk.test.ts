import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDiskSpace, classifyFreeSpace } from './disk.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-doctor-disk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIB = 1024 * 1024;

describe('doctor: disk space', () => {
  it('reads the real free space of a tmp dir (this machine has more than 1 GiB free): ok', () => {
    const result = checkDiskSpace(dir);
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(new RegExp(`^\\d+\\.\\d GiB free under ${dir}$`));
  });

  it('a data dir not created yet is measured on its parent', () => {
    expect(checkDiskSpace(join(dir, 'not/yet')).status).toBe('ok');
  });

  it('warns below 1 GiB and fails below 100 MiB', () => {
    expect(classifyFreeSpace('/var/lib/yaofang', 1024 * MIB).status).toBe('ok');
    expect(classifyFreeSpace('/var/lib/yaofang', 1024 * MIB - 1)).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/^1024\.0 MiB free under \/var\/lib\/yaofang: below 1 GiB/) as unknown,
    });
    expect(classifyFreeSpace('/var/lib/yaofang', 100 * MIB).status).toBe('warn');
    expect(classifyFreeSpace('/var/lib/yaofang', 100 * MIB - 1)).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /only 100\.0 MiB free .*new transactions will soon be refused/,
      ) as unknown,
    });
  });
});
