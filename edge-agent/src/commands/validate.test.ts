import { describe, expect, it } from 'vitest';
import { generateSigningKeys, loadPrivateKey, loadPublicKey, signPayload } from '@yaofang/shared';
import { issueCommand } from '@yaofang/shared/commands';
import { validateCommand, type HandledCommand, type ValidationContext } from './validate.ts';

const central = generateSigningKeys();
const stranger = generateSigningKeys();
const privateKey = loadPrivateKey(central.privateKeyPem);
const NOW = Date.parse('2025-03-01T08:00:00.000Z');
const ID = '01954f7a-0000-7000-8000-00000000abcd';

function context(overrides: Partial<ValidationContext> = {}): ValidationContext {
  return {
    centralPublicKey: loadPublicKey(central.publicKeyPem),
    stationId: 'S-1',
    now: NOW,
    skewToleranceMs: 60_000,
    handled: () => undefined,
    ...overrides,
  };
}

/** A signed command built field by field, so tests can sign what issueCommand would refuse. */
function signed(fields: Record<string, unknown> = {}, key = privateKey): string {
  return signPayload(key, {
    v: 1,
    id: ID,
    station: 'S-1',
    name: 'ping',
    args: {},
    issuedAt: new Date(NOW - 1000).toISOString(),
    expiresAt: new Date(NOW + 60_000).toISOString(),
    ...fields,
  });
}

function rejection(wire: string | Buffer, ctx = context()) {
  const result = validateCommand(wire, ctx);
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('validateCommand', () => {
  it('accepts a command from issueCommand and types its args', () => {
    const { id, wire } = issueCommand(privateKey, {
      station: 'S-1',
      name: 'bin.open',
      args: { compartment: 1, reason: 'maintenance' },
      ttlMs: 30_000,
      now: NOW,
    });
    const result = validateCommand(wire, context());
    expect(result.ok && result.value).toEqual({
      id,
      station: 'S-1',
      name: 'bin.open',
      args: { compartment: 1, reason: 'maintenance' },
      issuedAtMs: NOW,
      expiresAtMs: NOW + 30_000,
    });
  });

  it('malformed: not JSON, with no id to report and the expected form in the reason', () => {
    const error = rejection(Buffer.from('open the bin please'));
    expect(error).toMatchObject({ code: 'malformed', commandId: null, name: null, authentic: false });
    expect(error.reason).toMatch(/not JSON.*"payload".*"sig"/);
  });

  it('malformed: JSON without a signature', () => {
    const error = rejection(JSON.stringify({ payload: JSON.stringify({ id: ID, name: 'ping' }) }));
    expect(error.code).toBe('malformed');
    expect(error.reason).toMatch(/not a signed document/);
  });

  it('bad-signature: payload altered after signing; the claimed id is echoed but not trusted', () => {
    const wire = JSON.parse(signed({ name: 'bin.open', args: { compartment: 0, reason: 'x' } })) as {
      payload: string;
    };
    wire.payload = wire.payload.replace('"compartment":0', '"compartment":3');
    const error = rejection(JSON.stringify(wire));
    expect(error).toMatchObject({ code: 'bad-signature', commandId: ID, name: 'bin.open', authentic: false });
    expect(error.reason).toMatch(/signature does not match.*another key, or changed after signing/);
  });

  it('bad-signature: signed by another key', () => {
    const error = rejection(signed({}, loadPrivateKey(stranger.privateKeyPem)));
    expect(error.code).toBe('bad-signature');
  });

  it('never echoes unverified text: a claimed id that is not a UUID or an unknown name becomes null', () => {
    const wire = JSON.parse(signed({ id: '320102199001011234', name: 'evil 张三' })) as { payload: string };
    wire.payload = wire.payload.replace('"v":1', '"v":2');
    expect(rejection(JSON.stringify(wire))).toMatchObject({ commandId: null, name: null });
  });

  it('invalid-payload: signed, but not a command', () => {
    const error = rejection(signed({ issuedAt: 'yesterday' }));
    expect(error).toMatchObject({ code: 'invalid-payload', commandId: ID, authentic: false });
    expect(error.reason).toMatch(/issuedAt/);
  });

  it('wrong-station: names both stations', () => {
    const error = rejection(signed({ station: 'S-2' }));
    expect(error).toMatchObject({ code: 'wrong-station', commandId: ID, authentic: true });
    expect(error.reason).toBe('command is for station S-2, this is station S-1; not run');
  });

  it('replayed: says when it was handled and how it ended', () => {
    const handled = (id: string): HandledCommand | undefined =>
      id === ID ? { receivedAtMs: NOW - 5000, status: 'done' } : undefined;
    const error = rejection(signed(), context({ handled }));
    expect(error.code).toBe('replayed');
    expect(error.reason).toBe('replayed: already handled at 2025-03-01T07:59:55.000Z (done); not run again');
  });

  it('expired: a command whose expiresAt is exactly now is refused', () => {
    const error = rejection(signed({ expiresAt: new Date(NOW).toISOString() }));
    expect(error.code).toBe('expired');
    expect(error.reason).toMatch(/^expired at 2025-03-01T08:00:00.000Z, 0 ms before .*issue a new command/);
  });

  it('expired: one millisecond before expiry it is still accepted', () => {
    expect(validateCommand(signed({ expiresAt: new Date(NOW + 1).toISOString() }), context()).ok).toBe(true);
  });

  it('issued-in-future: beyond the skew tolerance is refused, within it accepted', () => {
    const future = (ms: number) =>
      signed({
        issuedAt: new Date(NOW + ms).toISOString(),
        expiresAt: new Date(NOW + ms + 60_000).toISOString(),
      });
    expect(validateCommand(future(60_000), context()).ok).toBe(true);
    const error = rejection(future(60_001));
    expect(error.code).toBe('issued-in-future');
    expect(error.reason).toMatch(
      /60001 ms ahead of this station's clock .*tolerance 60000 ms.*check the clocks/,
    );
  });

  it('unknown-command: lists the names the agent knows', () => {
    const error = rejection(signed({ name: 'door.unlock' }));
    expect(error).toMatchObject({ code: 'unknown-command', name: 'door.unlock', authentic: true });
    expect(error.reason).toMatch(
      /unknown command "door.unlock": this agent knows ping, rules.apply, bin.open/,
    );
  });

  it('invalid-args: names the command and the arg', () => {
    const error = rejection(signed({ name: 'bin.open', args: { compartment: 7, reason: 'x' } }));
    expect(error.code).toBe('invalid-args');
    expect(error.reason).toMatch(/^invalid args for bin.open: compartment: /);
  });

  it('checks the signature before anything else: a forged command for another station is a bad signature', () => {
    expect(rejection(signed({ station: 'S-2' }, loadPrivateKey(stranger.privateKeyPem))).code).toBe(
      'bad-signature',
    );
  });
});
