import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateSigningKeys, loadPrivateKey, loadPublicKey, signPayload, verifySigned } from './signed.ts';

const keys = generateSigningKeys();
const other = generateSigningKeys();
const schema = z.object({ name: z.string(), n: z.number() });

describe('signed documents (Ed25519 over the exact payload bytes)', () => {
  it('verifies what the key signed', () => {
    const wire = signPayload(loadPrivateKey(keys.privateKeyPem), { name: 'ping', n: 1 });
    const result = verifySigned(loadPublicKey(keys.publicKeyPem), wire, schema);
    expect(result.ok && result.value.payload).toEqual({ name: 'ping', n: 1 });
  });

  it('refuses a payload changed after signing, even by one character', () => {
    const wire = JSON.parse(signPayload(loadPrivateKey(keys.privateKeyPem), { name: 'ping', n: 1 })) as {
      payload: string;
    };
    wire.payload = wire.payload.replace('"n":1', '"n":2');
    const result = verifySigned(loadPublicKey(keys.publicKeyPem), JSON.stringify(wire), schema);
    expect(!result.ok && result.error.code).toBe('bad-signature');
  });

  it('refuses a document signed by another key', () => {
    const wire = signPayload(loadPrivateKey(other.privateKeyPem), { name: 'ping', n: 1 });
    expect(verifySigned(loadPublicKey(keys.publicKeyPem), wire, schema).ok).toBe(false);
  });

  it('says what is wrong with malformed input instead of throwing', () => {
    const pub = loadPublicKey(keys.publicKeyPem);
    const notJson = verifySigned(pub, 'nope', schema);
    expect(!notJson.ok && notJson.error.code).toBe('malformed');
    const noSig = verifySigned(pub, JSON.stringify({ payload: '{}' }), schema);
    expect(!noSig.ok && noSig.error.code).toBe('malformed');
    const wrongShape = verifySigned(
      pub,
      signPayload(loadPrivateKey(keys.privateKeyPem), { name: 1 }),
      schema,
    );
    expect(!wrongShape.ok && wrongShape.error.code).toBe('invalid-payload');
  });
});
