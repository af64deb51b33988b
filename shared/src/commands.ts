import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { uuidv7 } from './ids.ts';
import { signPayload } from './signed.ts';

/**
 * Remote commands (ARCHITECTURE.md "Commands"): the central platform publishes
 * on `yf/v1/{stationId}/cmd` a signed document (signed.ts) whose payload is a
 * command; the edge answers every one with a `command.result` event.
 */

const isoTime = z.string().datetime({ offset: true });

/**
 * The signed payload. `args` is only checked to be an object here: which
 * names exist and what their args are is a separate step, so an unknown name
 * or bad args is reported as such rather than as "malformed".
 */
export const commandPayloadSchema = z
  .object({
    v: z.literal(1),
    id: z.string().uuid(),
    station: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    args: z.record(z.string(), z.unknown()),
    issuedAt: isoTime,
    expiresAt: isoTime,
  })
  .refine((command) => Date.parse(command.expiresAt) > Date.parse(command.issuedAt), {
    message: 'expiresAt must be after issuedAt',
    path: ['expiresAt'],
  });
export type CommandPayload = z.infer<typeof commandPayloadSchema>;

const token = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, `${what}: use 1–64 letters, digits, '.', '_' or '-'`);

/**
 * Args of each built-in command. Strict objects: an arg the edge does not
 * know is refused by name, instead of being silently ignored.
 */
export const commandArgSchemas = {
  /** Liveness check; answers `{pong: true, at}`. */
  ping: z.strictObject({}),
  /** (Re)apply the stored signed sync document of `kind` at `version`. */
  'rules.apply': z.strictObject({
    kind: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'kind: a sync kind such as "rules"'),
    version: z.number().int().positive(),
  }),
  /** Maintenance: open one bin compartment's lid. */
  'bin.open': z.strictObject({
    compartment: z.number().int().min(0).max(3),
    reason: z.string().min(1).max(200),
  }),
  /** Reset (close and reopen) one configured device. */
  'device.reset': z.strictObject({ deviceId: token('deviceId') }),
  /** Mark outbox rows from `fromSeq` unsent, so the uplink sends them again. */
  'outbox.resend': z.strictObject({ fromSeq: z.number().int().min(1) }),
  /** Upload recent logs. */
  'logs.request': z.strictObject({
    sinceIso: isoTime.optional(),
    maxBytes: z
      .number()
      .int()
      .positive()
      .max(50 * 1024 * 1024)
      .optional(),
  }),
} as const;

export type CommandName = keyof typeof commandArgSchemas;
export type CommandArgs<N extends CommandName> = z.infer<(typeof commandArgSchemas)[N]>;
export const COMMAND_NAMES = Object.keys(commandArgSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandArgSchemas, name);
}

export const pingResultSchema = z.object({ pong: z.literal(true), at: isoTime });

/**
 * Why a command was refused or failed; machine-readable twin of `reason`.
 * Rejections: the command did not run. Failures: it ran and did not succeed.
 */
export const commandRejectionCodes = [
  'malformed',
  'bad-signature',
  'invalid-payload',
  'wrong-station',
  'replayed',
  'expired',
  'issued-in-future',
  'unknown-command',
  'invalid-args',
  'unsupported',
  'stopping',
] as const;
export type CommandRejectionCode = (typeof commandRejectionCodes)[number];
export const commandFailureCodes = ['handler-failed', 'timeout'] as const;
export type CommandFailureCode = (typeof commandFailureCodes)[number];

/**
 * Data of the `command.result` event. `commandId` and `name` are null when
 * they could not be read; for a message whose signature failed they are what
 * the message claimed (only a UUID and a known command name are echoed).
 */
export const commandResultDataSchema = z.object({
  commandId: z.string().uuid().nullable(),
  name: z.string().nullable(),
  status: z.enum(['done', 'failed', 'rejected']),
  code: z.enum([...commandRejectionCodes, ...commandFailureCodes]).optional(),
  reason: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
});
export type CommandResultData = z.infer<typeof commandResultDataSchema>;
export type CommandStatus = CommandResultData['status'];

export interface IssueCommandOptions<N extends CommandName> {
  station: string;
  name: N;
  args: CommandArgs<N>;
  /** How long the command may wait before the edge must refuse it. */
  ttlMs: number;
  now?: number;
  keyId?: string;
}

/**
 * Central side: build and sign a command. Throws on bad args, which are a
 * bug in the caller, not something to send and have refused.
 */
export function issueCommand<N extends CommandName>(
  privateKey: KeyObject,
  options: IssueCommandOptions<N>,
): { id: string; wire: string } {
  const { station, name, args, ttlMs, keyId } = options;
  const now = options.now ?? Date.now();
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`issueCommand: ttlMs must be a positive integer of milliseconds, got ${ttlMs}`);
  }
  const parsedArgs = commandArgSchemas[name].safeParse(args);
  if (!parsedArgs.success) {
    const issue = parsedArgs.error.issues[0];
    throw new RangeError(
      `issueCommand: invalid args for ${name}: ${issue?.path.join('.') || 'args'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const id = uuidv7(now);
  const payload: CommandPayload = {
    v: 1,
    id,
    station,
    name,
    args: parsedArgs.data,
    issuedAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
  };
  return { id, wire: signPayload(privateKey, payload, keyId) };
}
