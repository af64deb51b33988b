import { createPublicKey } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode, failCheck, okCheck, warnCheck, type CheckResult } from './check.ts';

const OWNER_FIX = 'sudo chown yaofang:yaofang';

/** The agent writes its database and token here. */
export function checkDataDir(dataDir: string): CheckResult {
  if (!existsSync(dataDir)) {
    return failCheck(
      'data dir',
      `${dataDir} does not exist: sudo install -d -o yaofang -g yaofang -m 0750 ${dataDir}`,
    );
  }
  if (!statSync(dataDir).isDirectory())
    return failCheck('data dir', `${dataDir} is a file: set dataDir to a folder`);
  const probe = join(dataDir, `.doctor-${process.pid}`);
  try {
    writeFileSync(probe, 'probe');
    rmSync(probe);
    return okCheck('data dir', `${dataDir} is writable`);
  } catch (error) {
    return failCheck(
      'data dir',
      `${dataDir} is not writable by this user (${errorCode(error)}): ${OWNER_FIX} ${dataDir}, and run doctor as that user (sudo -u yaofang yaofang-edge doctor …)`,
    );
  }
}

/** Read a file the agent needs, or say why it cannot. */
function readable(check: string, key: string, file: string): Buffer | CheckResult {
  if (!existsSync(file))
    return failCheck(check, `${key}: ${file} does not exist; copy it there (see docs/operations.md)`);
  try {
    accessSync(file, constants.R_OK);
    return readFileSync(file);
  } catch (error) {
    return failCheck(
      check,
      `${key}: ${file} is not readable (${errorCode(error)}): ${OWNER_FIX} ${file} && sudo chmod 0600 ${file}`,
    );
  }
}

/** The district key: 32 random bytes, hex or raw; the agent refuses fewer than 16. */
export function checkDistrictKey(file: string): CheckResult {
  const check = 'district key';
  const content = readable(check, 'districtKeyFile', file);
  if (!Buffer.isBuffer(content)) return content;
  const text = content.toString('utf8').trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? 32 : content.length;
  if (bytes < 16)
    return failCheck(
      check,
      `${file} holds ${bytes} bytes; a district key is 32 random bytes (64 hex characters): get the district's key file again`,
    );
  if (bytes > 4096)
    return warnCheck(
      check,
      `${file} holds ${bytes} bytes, far more than a 32-byte key: is it the right file?`,
    );
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077)
    return warnCheck(
      check,
      `${file} is readable by others (mode ${mode.toString(8)}): sudo chmod 0600 ${file}`,
    );
  return okCheck(check, `${file}: ${bytes} bytes, mode ${mode.toString(8)}`);
}

/** The central platform's Ed25519 public key, which verifies commands and signed rules. */
export function checkCentralPublicKey(file: string | undefined): CheckResult {
  const check = 'central key';
  if (!file)
    return warnCheck(
      check,
      "centralPublicKeyFile is not set: signed commands and rules cannot be verified; set it to the central platform's Ed25519 public key (PEM)",
    );
  const content = readable(check, 'centralPublicKeyFile', file);
  if (!Buffer.isBuffer(content)) return content;
  if (content.includes('PRIVATE KEY'))
    return failCheck(
      check,
      `${file} holds a PRIVATE key: a terminal must only hold the central's public key; replace it (openssl pkey -in KEY -pubout) and destroy this copy`,
    );
  try {
    const key = createPublicKey(content);
    if (key.asymmetricKeyType !== 'ed25519')
      return failCheck(
        check,
        `${file} is a ${key.asymmetricKeyType ?? 'unknown'} key; the central platform signs with Ed25519: get its Ed25519 public key`,
      );
    return okCheck(check, `${file}: Ed25519 public key`);
  } catch (error) {
    return failCheck(
      check,
      `${file} is not a PEM public key (${(error as Error).message}): get the central platform's public key file again`,
    );
  }
}

/** TLS files of the broker connection, when configured. */
export function checkTlsFiles(
  tls:
    { caFile?: string | undefined; certFile?: string | undefined; keyFile?: string | undefined } | undefined,
): CheckResult[] {
  if (!tls) return [];
  const entries = [
    ['mqtt.tls.caFile', tls.caFile],
    ['mqtt.tls.certFile', tls.certFile],
    ['mqtt.tls.keyFile', tls.keyFile],
  ] as const;
  return entries.flatMap(([key, file]) => {
    if (!file) return [];
    const content = readable('tls files', key, file);
    if (!Buffer.isBuffer(content)) return [content];
    if (!content.includes('-----BEGIN'))
      return [
        failCheck(
          'tls files',
          `${key}: ${file} is not a PEM file (no -----BEGIN line): convert it (openssl x509 -inform der -in F -out F.pem)`,
        ),
      ];
    return [okCheck('tls files', `${key}: ${file} present`)];
  });
}
