import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';
import { err, ok, type Result } from './result.ts';

/**
 * Signed documents from the central platform (commands, rules, bindings,
 * snapshots). The signature is Ed25519 over the exact UTF-8 bytes of
 * `payload`, a JSON string carried as-is, so no re-serialisation can change
 * what was signed. Wire form: `{"payload":"{…}","sig":"<base64>","keyId":"…"}`.
 */
export const signedWireSchema = z.object({
  payload: z
    .string()
    .min(2)
    .max(256 * 1024),
  sig: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/),
  keyId: z.string().max(64).optional(),
});
export type SignedWire = z.infer<typeof signedWireSchema>;

export type SignatureProblem =
  | { code: 'malformed'; reason: string }
  | { code: 'bad-signature'; reason: string }
  | { code: 'invalid-payload'; reason: string };

export function generateSigningKeys(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const loadPrivateKey = (pem: string | Buffer): KeyObject => createPrivateKey(pem);
export const loadPublicKey = (pem: string | Buffer): KeyObject => createPublicKey(pem);

/** Sign a payload object; the returned wire text is what gets published. */
export function signPayload(privateKey: KeyObject, payload: unknown, keyId?: string): string {
  const text = JSON.stringify(payload);
  const sig = sign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
  return JSON.stringify({ payload: text, sig, ...(keyId ? { keyId } : {}) } satisfies SignedWire);
}

/**
 * Check a received wire message: shape, then signature over the payload's
 * exact bytes, then the payload against `schema`. Never throws on input.
 */
export function verifySigned<T>(
  publicKey: KeyObject,
  wire: string | Buffer,
  schema: z.ZodType<T>,
): Result<{ payload: T; payloadText: string; sig: string }, SignatureProblem> {
  let outer: unknown;
  try {
    outer = JSON.parse(typeof wire === 'string' ? wire : wire.toString('utf8'));
  } catch {
    return err({ code: 'malformed', reason: 'message is not JSON' });
  }
  const shape = signedWireSchema.safeParse(outer);
  if (!shape.success) {
    return err({ code: 'malformed', reason: 'message is not a signed document {payload, sig}' });
  }
  const { payload: payloadText, sig } = shape.data;
  let valid = false;
  try {
    valid = verify(null, Buffer.from(payloadText, 'utf8'), publicKey, Buffer.from(sig, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid)
    return err({ code: 'bad-signature', reason: 'signature does not match the central platform key' });
  let inner: unknown;
  try {
    inner = JSON.parse(payloadText);
  } catch {
    return err({ code: 'invalid-payload', reason: 'signed payload is not JSON' });
  }
  const parsed = schema.safeParse(inner);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err({
      code: 'invalid-payload',
      reason: `signed payload is not valid: ${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return ok({ payload: parsed.data, payloadText, sig });
}
