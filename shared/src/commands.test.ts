import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  commandArgSchemas,
  commandPayloadSchema,
  commandResultDataSchema,
  isCommandName,
  issueCommand,
} from './commands.ts';
import { generateSigningKeys, loadPrivateKey, loadPublicKey, signPayload, verifySigned } from './signed.ts';
import { UUID_V7 } from './ids.ts';

const keys = generateSigningKeys();
const privateKey = loadPrivateKey(keys.privateKeyPem);
const publicKey = loadPublicKey(keys.publicKeyPem);
const NOW = Date.parse('2025-03-01T08:00:00.000Z');

describe('issueCommand', () => {
  it('signs a command the edge can verify, with a fresh UUIDv7 and the ttl as expiresAt', () => {
    const { id, wire } = issueCommand(privateKey, {
      station: 'S-1',
      name: 'bin.open',
      args: { compartment: 2, reason: 'lid test' },
      ttlMs: 60_000,
      now: NOW,
    });
    expect(id).toMatch(UUID_V7);
    const verified = verifySigned(publicKey, wire, commandPayloadSchema);
    expect(verified.ok && verified.value.payload).toEqual({
      v: 1,
      id,
      station: 'S-1',
      name: 'bin.open',
      args: { compartment: 2, reason: 'lid test' },
      issuedAt: '2025-03-01T08:00:00.000Z',
      expiresAt: '2025-03-01T08:01:00.000Z',
    });
  });

  it('gives each command its own id', () => {
    const one = issueCommand(privateKey, { station: 'S-1', name: 'ping', args: {}, ttlMs: 1000, now: NOW });
    const two = issueCommand(privateKey, { station: 'S-1', name: 'ping', args: {}, ttlMs: 1000, now: NOW });
    expect(one.id).not.toBe(two.id);
  });

  it('throws, naming the arg, instead of signing bad args', () => {
    expect(() =>
      issueCommand(privateKey, {
        station: 'S-1',
        name: 'bin.open',
        args: { compartment: 4, reason: 'x' },
        ttlMs: 1000,
      }),
    ).toThrow(/invalid args for bin\.open: compartment/);
  });

  it('throws on a ttl that is not a positive integer', () => {
    expect(() => issueCommand(privateKey, { station: 'S-1', name: 'ping', args: {}, ttlMs: 0 })).toThrow(
      /ttlMs must be a positive integer/,
    );
  });
});

describe('command schemas', () => {
  it('refuses a payload whose expiresAt is not after issuedAt', () => {
    const wire = signPayload(privateKey, {
      v: 1,
      id: '01950000-0000-7000-8000-000000000000',
      station: 'S-1',
      name: 'ping',
      args: {},
      issuedAt: '2025-03-01T08:00:00.000Z',
      expiresAt: '2025-03-01T08:00:00.000Z',
    });
    const verified = verifySigned(publicKey, wire, commandPayloadSchema);
    expect(!verified.ok && verified.error.reason).toMatch(/expiresAt: expiresAt must be after issuedAt/);
  });

  it('knows the built-in names and is not fooled by inherited properties', () => {
    expect(COMMAND_NAMES).toEqual([
      'ping',
      'rules.apply',
      'bin.open',
      'device.reset',
      'outbox.resend',
      'logs.request',
    ]);
    expect(isCommandName('outbox.resend')).toBe(true);
    expect(isCommandName('toString')).toBe(false);
    expect(isCommandName(42)).toBe(false);
  });

  it('checks each command’s args strictly', () => {
    expect(commandArgSchemas.ping.safeParse({}).success).toBe(true);
    expect(commandArgSchemas.ping.safeParse({ extra: 1 }).success).toBe(false);
    expect(commandArgSchemas['outbox.resend'].safeParse({ fromSeq: 0 }).success).toBe(false);
    expect(commandArgSchemas['outbox.resend'].safeParse({ fromSeq: 1.5 }).success).toBe(false);
    expect(commandArgSchemas['rules.apply'].safeParse({ kind: 'rules', version: 3 }).success).toBe(true);
    expect(commandArgSchemas['device.reset'].safeParse({ deviceId: 'a/b' }).success).toBe(false);
    expect(commandArgSchemas['logs.request'].safeParse({}).success).toBe(true);
    expect(commandArgSchemas['logs.request'].safeParse({ sinceIso: 'yesterday' }).success).toBe(false);
  });

  it('accepts a result with a null id (an unreadable message) and refuses an unknown status', () => {
    expect(
      commandResultDataSchema.safeParse({
        commandId: null,
        name: null,
        status: 'rejected',
        code: 'malformed',
        reason: 'message is not JSON',
      }).success,
    ).toBe(true);
    expect(commandResultDataSchema.safeParse({ commandId: null, name: null, status: 'ok' }).success).toBe(
      false,
    );
  });
});
