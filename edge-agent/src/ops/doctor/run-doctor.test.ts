import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeys } from '@yaofang/shared';
import { startPtyPair, type PtyPair } from '@yaofang/firmware-bridge';
import { startMosquitto, type MosquittoBroker } from '../../../../test/harness/mosquitto.ts';
import { openDatabase } from '../../store/database.ts';
import { doctorExitCode, formatChecks } from './check.ts';
import { runDoctor, systemDeps, type DoctorDeps } from './run-doctor.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-doctor-run-'));
let broker: MosquittoBroker | null = null;
let pty: PtyPair | null = null;

beforeAll(async () => {
  broker = await startMosquitto();
  pty = await startPtyPair(join(dir, 'reader-sim'), join(dir, 'ttyRFID0'));
  mkdirSync(join(dir, 'data/keys'), { recursive: true });
  writeFileSync(join(dir, 'data/keys/district.key'), randomBytes(32).toString('hex'), { mode: 0o600 });
  writeFileSync(join(dir, 'data/keys/central.pub.pem'), generateSigningKeys().publicKeyPem);
  openDatabase(join(dir, 'data/edge.sqlite')).close();
});
afterAll(async () => {
  await pty?.stop();
  await broker?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function writeConfig(name: string, devicePath: string): string {
  const file = join(dir, name);
  const lines = [
    'stationId: GL-DOC-9',
    'role: waste',
    'dataDir: data',
    'districtKeyFile: data/keys/district.key',
    'centralPublicKeyFile: data/keys/central.pub.pem',
    `mqtt: { url: "${broker!.url}", protocolVersion: 5 }`,
    'devices:',
    `  - { kind: rfid-em4100, id: reader-1, transport: { type: serial, path: "${devicePath}" } }`,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const deps = (): DoctorDeps => ({
  ...systemDeps(),
  env: {},
  broker: { timeoutMs: 2000, retainedWaitMs: 100 },
});

describe('doctor: a whole terminal', () => {
  it('a healthy terminal (real broker, pty reader, keys, database): every line ok, exit code 0', async () => {
    const results = await runDoctor(writeConfig('healthy.yaml', 'ttyRFID0'), {
      ...deps(),
      ntpSynchronized: () => true,
    });
    expect(results.map((r) => `${r.status} ${r.check}`)).toEqual([
      'ok config',
      'ok data dir',
      'ok district key',
      'ok central key',
      'ok device reader-1',
      'ok broker',
      'ok clock',
      'ok disk space',
      'ok database',
    ]);
    expect(doctorExitCode(results)).toBe(0);
    expect(formatChecks(results).split('\n')[0]).toMatch(
      /^ok {4}config {11}.*healthy.yaml is valid \(station GL-DOC-9\)$/,
    );
  });

  it('an unplugged reader fails the run with the dialout advice, other checks still run', async () => {
    const results = await runDoctor(writeConfig('unplugged.yaml', '/dev/ttyUSB-unplugged'), {
      ...deps(),
      devices: { ...systemDeps().devices, userGroups: ['yaofang'] },
    });
    expect(results.find((r) => r.check === 'device reader-1')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('sudo usermod -aG dialout $USER, then log in again') as unknown,
    });
    expect(results.find((r) => r.check === 'broker')?.status).toBe('ok');
    expect(doctorExitCode(results)).toBe(1);
  });

  it('a broken config is reported as failed config lines and nothing else', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'stationId: GL-DOC-9\nrole: kitchen\n');
    const results = await runDoctor(file, deps());
    expect(results.map((r) => r.status)).toEqual(['fail', 'fail', 'fail']);
    expect(results.map((r) => r.detail)).toEqual([
      'role: found "kitchen"; use one of "hall", "waste", "both"',
      "districtKeyFile: it is missing; add it: a file path as text, e.g. '/var/lib/yaofang/keys/district.key'",
      'mqtt: it is missing; add this section (see deploy/config/station.example.yaml)',
    ]);
  });
});
