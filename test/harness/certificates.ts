import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  /** PEM paths. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A client certificate from a CA the broker does not trust. */
  rogueClientCert: string;
  rogueClientKey: string;
  read(path: string): Buffer;
  dispose(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  ]);
}

function makeLeaf(dir: string, ca: string, name: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-subj',
    `/CN=${name}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}

/** A throwaway PKI made with openssl: a CA, a broker certificate for 127.0.0.1, and client certificates. */
export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'yf-pki-'));
  makeCa(dir, 'district-ca');
  makeCa(dir, 'rogue-ca');
  makeLeaf(
    dir,
    'district-ca',
    'broker',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  makeLeaf(dir, 'district-ca', 'station', 'extendedKeyUsage=clientAuth\n');
  makeLeaf(dir, 'rogue-ca', 'intruder', 'extendedKeyUsage=clientAuth\n');
  const at = (file: string) => join(dir, file);
  return {
    dir,
    caCert: at('district-ca.crt'),
    serverCert: at('broker.crt'),
    serverKey: at('broker.key'),
    clientCert: at('station.crt'),
    clientKey: at('station.key'),
    rogueClientCert: at('intruder.crt'),
    rogueClientKey: at('intruder.key'),
    read: (path) => readFileSync(path),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
