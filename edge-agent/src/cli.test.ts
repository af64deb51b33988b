import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/harness/free-port.ts';
import { main } from './cli.ts';
import { openDatabase } from './store/database.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

function config(name: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, name);
  const base = {
    stationId: 'GL-CLI-1',
    role: 'waste',
    dataDir: 'data',
    districtKeyFile: 'district.key',
    mqtt: { url: 'mqtt://127.0.0.1:1883' },
    log: { file: 'logs/agent.log' },
  };
  writeFileSync(file, JSON.stringify({ ...base, ...overrides }));
  return file;
}

const broken = {
  devices: [
    { kind: 'rfid-em4100', id: 'reader-1', transport: { type: 'serial', path: '/dev/ttyUSB0' } },
    { kind: 'rfid-em4100', id: 'reader-1', transport: { type: 'serial', path: '/dev/ttyUSB1' } },
  ],
  store: { retentionDays: -5 },
};

describe('yaofang-edge CLI', () => {
  it('hash-pin reads the PIN from stdin and prints a hash the config accepts', async () => {
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    expect(await main(['hash-pin'], { ...io, stdin: () => Promise.resolve('482913\n') })).toBe(0);
    const pinHash = out.trim();
    expect(pinHash).toMatch(/^scrypt\$/);
    expect(pinHash).not.toContain('482913');
    expect((await run('check', '--config', config('pin.json', { technician: { pinHash } }))).code).toBe(0);
    const bad = await run('check', '--config', config('bad-pin.json', { technician: { pinHash: '482913' } }));
    expect(bad.code).toBe(78);
    expect(bad.err).toContain('technician.pinHash');
    expect(bad.err).toContain('yaofang-edge hash-pin');

    expect(await main(['hash-pin'], { ...io, stdin: () => Promise.resolve('12ab\n') })).toBe(1);
    expect(err).toContain('4 to 8 digits');
  });

  it('an unknown command exits 2 with the commands it knows', async () => {
    const result = await run('fly', '--config', 'x.yaml');
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^unknown command "fly": use one of run, check, doctor, backup, logs export, hash-pin\n\nyaofang-edge/,
    );
  });

  it('missing or foreign flags and a bad --since exit 2 with what is wrong', async () => {
    expect(await run()).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^no command given/) as unknown,
    });
    expect(await run('backup', '--config', 'x.yaml')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^backup needs --out PATH\n/) as unknown,
    });
    expect(await run('logs', 'export', '--out', '/tmp')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^logs export needs --config FILE\n/) as unknown,
    });
    expect(await run('logs')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^unknown logs subcommand "": use 'yaofang-edge logs export'/) as unknown,
    });
    expect(await run('check', '--config', 'x.yaml', '--bogus')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^check: Unknown option '--bogus'/) as unknown,
    });
    expect(await run('doctor', '--config', 'x.yaml', '--out', '/tmp')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^doctor does not take --out\n/) as unknown,
    });
    expect(
      await run('logs', 'export', '--config', 'x.yaml', '--out', dir, '--since', 'last tuesday'),
    ).toMatchObject({
      code: 2,
      err: expect.stringMatching(
        /^--since: found "last tuesday"; use an ISO date like 2025-03-01/,
      ) as unknown,
    });
  });

  it('--help prints the usage and exits 0', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('yaofang-edge logs export --config FILE --out DIR [--since ISO]');
  });

  it('check on a broken file exits 78 and lists every problem', async () => {
    const result = await run('check', '--config', config('broken.json', broken));
    expect(result.code).toBe(78);
    expect(result.err.split('\n')).toEqual([
      `config ${join(dir, 'broken.json')} has 2 problem(s):`,
      `  - store.retentionDays: found -5; keep confirmed rows at least 1 day, e.g. 30`,
      `  - devices[1].id: found "reader-1"; devices[0] already has this id: give every device its own id, e.g. 'reader-1-2'`,
      '',
    ]);
  });

  it('the installed bin runs the same CLI: check on a broken file exits 78', () => {
    const bin = fileURLToPath(new URL('../bin/yaofang-edge.mjs', import.meta.url));
    const child = spawnSync(process.execPath, [bin, 'check', '--config', config('broken-bin.json', broken)], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, MQTT_URL: '' },
    });
    expect(child.status).toBe(78);
    expect(child.stderr).toContain('devices[1].id: found "reader-1"; devices[0] already has this id');
  });

  it('backup writes a verified copy and prints its path and size', async () => {
    openDatabase(join(dir, 'data/edge.sqlite')).close();
    const result = await run(
      'backup',
      '--config',
      config('backup.json'),
      '--out',
      join(dir, 'edge-copy.sqlite'),
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(
      new RegExp(
        `^${join(dir, 'edge-copy.sqlite')}\\n[\\d.]+ KiB \\(\\d+ bytes\\), integrity_check ok\\nrows: `,
      ),
    );
  });

  it('logs export refuses a folder that does not exist (exit 1) and copies into one that does', async () => {
    const file = config('logs.json');
    const missing = await run('logs', 'export', '--config', file, '--out', join(dir, 'no-usb'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^logs export failed: --out .*no-usb does not exist: mount the USB stick first/,
    );

    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeFileSync(join(dir, 'logs/agent.1.log'), '{"msg":"agent ready"}\n');
    mkdirSync(join(dir, 'usb'));
    const copied = await run('logs', 'export', '--config', file, '--out', join(dir, 'usb'));
    expect(copied.code).toBe(0);
    expect(copied.out).toMatch(/yaofang-logs-GL-CLI-1-.*\n1 file\(s\), 0 KiB, manifest.json written\n$/);
  });

  it('doctor exits 1 when a check fails, printing one line per check', async () => {
    writeFileSync(join(dir, 'district.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
    mkdirSync(join(dir, 'data'), { recursive: true });
    const port = await freePort();
    const file = config('doctor.json', {
      mqtt: { url: `mqtt://127.0.0.1:${port}` },
      devices: [
        {
          kind: 'scale',
          id: 'scale-1',
          transport: { type: 'serial', path: '/dev/ttyUSB-none' },
          protocol: 'toledo',
        },
      ],
    });
    const result = await run('doctor', '--config', file);
    expect(result.code).toBe(1);
    const lines = result.out.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^fail {2}device scale-1 +\/dev\/ttyUSB-none is not present/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^fail  broker +mqtt://127.0.0.1:${port}: nothing listens`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ok {4}district key /));
    expect(lines.at(-2)).toMatch(/^2 failed, \d warning\(s\), \d+ ok$/);
  });
});
