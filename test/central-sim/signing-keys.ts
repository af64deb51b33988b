import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeys, loadPrivateKey, loadPublicKey } from '@yaofang/shared';

export interface CentralKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  /** Short fingerprint of the public key, sent as `keyId`. */
  keyId: string;
  /** Where the public key PEM is, when the keys live in a directory. */
  publicKeyFile: string | null;
}

export const PRIVATE_KEY_FILE = 'central-signing.key';
export const PUBLIC_KEY_FILE = 'central-signing.pub';

/**
 * The central's Ed25519 signing keys: loaded from `keyDir` (created there on
 * first use, so a restarted central signs with the same key), or fresh in
 * memory without one.
 */
export function loadOrCreateKeys(keyDir?: string): CentralKeys {
  let pems: { privateKeyPem: string; publicKeyPem: string };
  let publicKeyFile: string | null = null;
  if (keyDir) {
    mkdirSync(keyDir, { recursive: true });
    const privateFile = join(keyDir, PRIVATE_KEY_FILE);
    publicKeyFile = join(keyDir, PUBLIC_KEY_FILE);
    if (existsSync(privateFile)) {
      const privateKeyPem = readFileSync(privateFile, 'utf8');
      // createPublicKey derives the public half from a private PEM.
      const publicKeyPem = loadPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
      pems = { privateKeyPem, publicKeyPem };
    } else {
      pems = generateSigningKeys();
      writeFileSync(privateFile, pems.privateKeyPem, { mode: 0o600 });
    }
    writeFileSync(publicKeyFile, pems.publicKeyPem);
  } else {
    pems = generateSigningKeys();
  }
  const publicKey = loadPublicKey(pems.publicKeyPem);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey: loadPrivateKey(pems.privateKeyPem),
    publicKey,
    publicKeyPem: pems.publicKeyPem,
    keyId: createHash('sha256').update(der).digest('hex').slice(0, 16),
    publicKeyFile,
  };
}
