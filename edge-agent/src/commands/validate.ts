import type { KeyObject } from 'node:crypto';
import { assertNever, err, ok, verifySigned, type Result } from '@yaofang/shared';
import {
  COMMAND_NAMES,
  commandArgSchemas,
  commandPayloadSchema,
  commandResultDataSchema,
  isCommandName,
  type CommandArgs,
  type CommandName,
  type CommandRejectionCode,
  type CommandStatus,
} from '@yaofang/shared/commands';

/** A command that passed every check: authentic, for us, fresh, new, well-formed. */
export type ValidCommand = {
  [N in CommandName]: {
    id: string;
    station: string;
    name: N;
    args: CommandArgs<N>;
    issuedAtMs: number;
    expiresAtMs: number;
  };
}[CommandName];

/** What the edge remembers of a command it already answered (a `commands_seen` row). */
export interface HandledCommand {
  receivedAtMs: number;
  status: CommandStatus;
}

export interface CommandRejection {
  code: CommandRejectionCode;
  /** Plain words: what was wrong and what to do about it. */
  reason: string;
  /** Null when no id could be read; otherwise the command's (or the message's claimed) id. */
  commandId: string | null;
  name: string | null;
  /** The id was proved by the signature, so it may go into `commands_seen`. */
  authentic: boolean;
}

export interface ValidationContext {
  centralPublicKey: KeyObject;
  stationId: string;
  now: number;
  /** How far ahead of our clock `issuedAt` may be before we call it absurd. */
  skewToleranceMs: number;
  /** Read-only lookup of `commands_seen`. */
  handled: (commandId: string) => HandledCommand | undefined;
}

/**
 * Check one message from the `cmd` topic, in the order that keeps the most
 * useful reason: the signature first (nothing unverified is trusted), then
 * station, replay, time, name and args. No side effects; never throws on input.
 */
export function validateCommand(
  wire: string | Buffer,
  context: ValidationContext,
): Result<ValidCommand, CommandRejection> {
  const verified = verifySigned(context.centralPublicKey, wire, commandPayloadSchema);
  if (!verified.ok) {
    const claimed = claimedIdentity(wire);
    const problem = verified.error;
    switch (problem.code) {
      case 'malformed':
        return reject(
          'malformed',
          `${problem.reason}: publish a signed document {"payload": "<command JSON>", "sig": "<Ed25519 base64>"} as issueCommand makes it`,
          claimed,
        );
      case 'bad-signature':
        return reject(
          'bad-signature',
          `${problem.reason} (signed with another key, or changed after signing); not run. The id and name shown are as claimed by the unverified message`,
          claimed,
        );
      case 'invalid-payload':
        return reject(
          'invalid-payload',
          `${problem.reason}; a command is {v: 1, id (uuid), station, name, args, issuedAt, expiresAt}`,
          claimed,
        );
      default:
        return assertNever(problem, 'signature problem');
    }
  }

  const command = verified.value.payload;
  const known = { commandId: command.id, name: command.name, authentic: true };
  const issuedAtMs = Date.parse(command.issuedAt);
  const expiresAtMs = Date.parse(command.expiresAt);
  const nowIso = new Date(context.now).toISOString();

  if (command.station !== context.stationId) {
    return reject(
      'wrong-station',
      `command is for station ${command.station}, this is station ${context.stationId}; not run`,
      known,
    );
  }
  const previous = context.handled(command.id);
  if (previous) {
    return reject(
      'replayed',
      `replayed: already handled at ${new Date(previous.receivedAtMs).toISOString()} (${previous.status}); not run again`,
      known,
    );
  }
  if (expiresAtMs <= context.now) {
    return reject(
      'expired',
      `expired at ${command.expiresAt}, ${context.now - expiresAtMs} ms before this station received it at ${nowIso}; issue a new command (check the station's clock if this repeats)`,
      known,
    );
  }
  if (issuedAtMs > context.now + context.skewToleranceMs) {
    return reject(
      'issued-in-future',
      `issued at ${command.issuedAt}, ${issuedAtMs - context.now} ms ahead of this station's clock (${nowIso}; tolerance ${context.skewToleranceMs} ms); check the clocks of the station and the central platform`,
      known,
    );
  }
  if (!isCommandName(command.name)) {
    return reject(
      'unknown-command',
      `unknown command ${JSON.stringify(command.name)}: this agent knows ${COMMAND_NAMES.join(', ')}`,
      known,
    );
  }
  const args = commandArgSchemas[command.name].safeParse(command.args);
  if (!args.success) {
    const issue = args.error.issues[0];
    return reject(
      'invalid-args',
      `invalid args for ${command.name}: ${issue?.path.join('.') || 'args'}: ${issue?.message ?? 'invalid'}`,
      known,
    );
  }
  return ok({
    id: command.id,
    station: command.station,
    name: command.name,
    args: args.data,
    issuedAtMs,
    expiresAtMs,
  } as ValidCommand);
}

function reject(
  code: CommandRejectionCode,
  reason: string,
  who: { commandId: string | null; name: string | null; authentic: boolean },
): { ok: false; error: CommandRejection } {
  return err({ code, reason, ...who });
}

const commandIdSchema = commandResultDataSchema.shape.commandId;

/**
 * Best-effort id and name of a message we cannot trust, so the central side
 * can match the rejection to what it sent. Only a UUID and a known command
 * name are echoed: arbitrary text from an unverified message never reaches
 * an event.
 */
function claimedIdentity(wire: string | Buffer): {
  commandId: string | null;
  name: string | null;
  authentic: false;
} {
  const none = { commandId: null, name: null, authentic: false as const };
  try {
    const outer: unknown = JSON.parse(typeof wire === 'string' ? wire : wire.toString('utf8'));
    if (!isRecord(outer) || typeof outer.payload !== 'string') return none;
    const inner: unknown = JSON.parse(outer.payload);
    if (!isRecord(inner)) return none;
    return {
      commandId: commandIdSchema.safeParse(inner.id).data ?? null,
      name: isCommandName(inner.name) ? inner.name : null,
      authentic: false,
    };
  } catch {
    return none;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
