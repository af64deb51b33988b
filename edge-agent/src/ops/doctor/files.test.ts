import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningKeys } from '@yaofang/shared';
import { checkCentralPublicKey, checkDataDir, checkDistrictKey, checkTlsFiles } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-doctor-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

describe('doctor: data dir and key files', () => {
  it('data dir: writable → ok; missing → fail with the install command', () => {
    expect(checkDataDir(dir)).toEqual({ status: 'ok', check: 'data dir', detail: `${dir} is writable` });
    const missing = join(dir, 'var-lib-yaofang');
    expect(checkDataDir(missing)).toEqual({
      status: 'fail',
      check: 'data dir',
      detail: `${missing} does not exist: sudo install -d -o yaofang -g yaofang -m 0750 ${missing}`,
    });
  });

  it('district key: 64 hex characters → ok; too short → fail; readable by others → warn; missing → fail', () => {
    expect(checkDistrictKey(file('district.key', `${randomBytes(32).toString('hex')}\n`)).status).toBe('ok');
    expect(checkDistrictKey(file('short.key', 'abc')).detail).toMatch(
      /holds 3 bytes; a district key is 32 random bytes/,
    );
    expect(checkDistrictKey(file('open.key', randomBytes(32), 0o644))).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/readable by others \(mode 644\): sudo chmod 0600/) as unknown,
    });
    expect(checkDistrictKey(join(dir, 'none.key'))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/districtKeyFile: .*none.key does not exist; copy it there/) as unknown,
    });
  });

  it('central key: Ed25519 public PEM → ok; RSA, a private key, garbage or unset are reported', () => {
    const { publicKeyPem, privateKeyPem } = generateSigningKeys();
    expect(checkCentralPublicKey(file('central.pem', publicKeyPem, 0o644))).toMatchObject({ status: 'ok' });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    });
    expect(checkCentralPublicKey(file('rsa.pem', rsa)).detail).toMatch(
      /is a rsa key; the central platform signs with Ed25519/,
    );
    expect(checkCentralPublicKey(file('private.pem', privateKeyPem)).detail).toMatch(/holds a PRIVATE key/);
    expect(checkCentralPublicKey(file('junk.pem', 'hello')).detail).toMatch(/is not a PEM public key/);
    expect(checkCentralPublicKey(undefined)).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/centralPublicKeyFile is not set/) as unknown,
    });
  });

  it('TLS files: present PEM → ok; DER or missing → fail naming the key', () => {
    const results = checkTlsFiles({
      caFile: file('ca.pem', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'),
      certFile: file('client.der', Buffer.from([0x30, 0x82, 0x01])),
      keyFile: join(dir, 'client.key'),
    });
    expect(results.map((r) => [r.status, r.detail.split(':')[0]])).toEqual([
      ['ok', 'mqtt.tls.caFile'],
      ['fail', 'mqtt.tls.certFile'],
      ['fail', 'mqtt.tls.keyFile'],
    ]);
    expect(checkTlsFiles(undefined)).toEqual([]);
  });
});
