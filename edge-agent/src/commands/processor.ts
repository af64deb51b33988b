import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import { topics, type Disposer, type Result } from '@yaofang/shared';
import type { CommandResultData } from '@yaofang/shared/commands';
import type { Db } from '../store/database.ts';
import type { Outbox } from '../store/outbox.ts';
import type { MqttLink } from '../uplink/uplink.ts';
import { pingHandler, type CommandContext, type CommandHandlers } from './handlers.ts';
import { validateCommand, type HandledCommand, type ValidCommand } from './validate.ts';

export const DEFAULT_SKEW_TOLERANCE_MS = 5 * 60_000;
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;
/** Seen commands are kept this long past their expiry (a clock stepped back days still refuses a replay). */
export const PRUNE_MARGIN_MS = 7 * 86_400_000;
/** A result travels inside an event; anything bigger belongs in an upload. */
export const MAX_RESULT_BYTES = 16 * 1024;

export interface CommandProcessorDeps {
  db: Db;
  outbox: Outbox;
  link: MqttLink;
  stationId: string;
  centralPublicKey: KeyObject;
  /** Injected per station role; `ping` is built in unless overridden. */
  handlers: Partial<CommandHandlers>;
  clock?: () => number;
  skewToleranceMs?: number;
  handlerTimeoutMs?: number;
  /** Called after each result event commits (the agent passes `uplink.kick`). */
  onEventWritten?: () => void;
  log: Logger;
}

/** The result event as written, or null when the write itself failed. */
export type CommandOutcome = { seq: number; data: CommandResultData } | null;

type AnyHandler = (args: unknown, context: CommandContext) => Promise<Result<object, string>>;

/**
 * Receives signed commands on `yf/v1/{station}/cmd`, validates them, runs
 * the handler, and answers every message with a `command.result` event. The
 * `commands_seen` row and the event commit in one transaction, so "handled"
 * and "answered" cannot disagree after a crash.
 *
 * Commands run one at a time, in arrival order: a second delivery of a
 * command is checked only after the first has been recorded, so it is seen as
 * a replay and never runs the handler twice. A replay is answered with a
 * 'rejected' result (code 'replayed') rather than silence: an operator sees
 * that the station got the command again, while the first result stays the
 * one that counts (the `commands_seen` row is never changed).
 */
export class CommandProcessor {
  private readonly clock: () => number;
  private readonly skewToleranceMs: number;
  private readonly handlerTimeoutMs: number;
  private readonly handlers: Partial<CommandHandlers>;
  private readonly findSeen;
  private readonly insertSeen;
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe: Disposer | null = null;
  private stopping = false;

  constructor(private readonly deps: CommandProcessorDeps) {
    this.clock = deps.clock ?? Date.now;
    this.skewToleranceMs = deps.skewToleranceMs ?? DEFAULT_SKEW_TOLERANCE_MS;
    this.handlerTimeoutMs = deps.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
    this.handlers = { ping: pingHandler(this.clock), ...deps.handlers };
    this.findSeen = deps.db.prepare<[string], { received_at: number; status: HandledCommand['status'] }>(
      'SELECT received_at, status FROM commands_seen WHERE id = ?',
    );
    this.insertSeen = deps.db.prepare(
      'INSERT INTO commands_seen (id, name, received_at, expires_at, status, result) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  start(): void {
    if (this.unsubscribe) return;
    this.stopping = false;
    this.unsubscribe = this.deps.link.subscribe(topics.command(this.deps.stationId), (_topic, payload) => {
      void this.handle(payload);
    });
  }

  /** Stop listening; commands already received are answered before this resolves. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.whenIdle();
  }

  /** Queue one received message; resolves with the result event written for it. */
  handle(wire: string | Buffer): Promise<CommandOutcome> {
    const outcome = this.chain.then(() => this.process(wire));
    this.chain = outcome.catch(() => undefined);
    return outcome;
  }

  /**
   * Forget commands that expired more than `marginMs` ago: the expiry check
   * refuses them anyway, so their rows no longer guard anything. The margin
   * covers the station's clock being stepped back. Rows of refused commands
   * (no expiry kept) go the same margin after they arrived. Returns the rows removed.
   */
  pruneSeen(marginMs: number = PRUNE_MARGIN_MS): number {
    const cutoff = this.clock() - marginMs;
    return this.deps.db
      .prepare(
        `DELETE FROM commands_seen
         WHERE (expires_at IS NOT NULL AND expires_at < @cutoff) OR (expires_at IS NULL AND received_at < @cutoff)`,
      )
      .run({ cutoff }).changes;
  }

  /** Resolves once every message received so far has been answered. */
  async whenIdle(): Promise<void> {
    let current: Promise<unknown>;
    do {
      current = this.chain;
      await current;
    } while (current !== this.chain);
  }

  private async process(wire: string | Buffer): Promise<CommandOutcome> {
    const receivedAt = this.clock();
    const validated = validateCommand(wire, {
      centralPublicKey: this.deps.centralPublicKey,
      stationId: this.deps.stationId,
      now: receivedAt,
      skewToleranceMs: this.skewToleranceMs,
      handled: (id) => {
        const row = this.findSeen.get(id);
        return row ? { receivedAtMs: row.received_at, status: row.status } : undefined;
      },
    });
    if (!validated.ok) {
      const { code, reason, commandId, name, authentic } = validated.error;
      const data: CommandResultData = { commandId, name, status: 'rejected', code, reason };
      // Only an id proved by the signature may enter commands_seen: otherwise a
      // forged message could block a real command by claiming its id first.
      // A replay already has its row.
      const seen = authentic && code !== 'replayed' && commandId !== null && name !== null;
      return this.record(data, seen ? { receivedAt, expiresAt: null } : null);
    }

    const command = validated.value;
    const expiresAt = command.expiresAtMs;
    const handler = this.handlers[command.name] as AnyHandler | undefined;
    const base = { commandId: command.id, name: command.name };
    if (this.stopping) {
      const reason = 'the agent was stopping before it could run this command; issue it again';
      return this.record(
        { ...base, status: 'rejected', code: 'stopping', reason },
        { receivedAt, expiresAt },
      );
    }
    if (!handler) {
      const reason = `this station does not support ${command.name}: no handler is configured for it here; not run`;
      return this.record(
        { ...base, status: 'rejected', code: 'unsupported', reason },
        { receivedAt, expiresAt },
      );
    }
    const ran = await this.run(command, handler);
    return this.record({ ...base, ...ran }, { receivedAt, expiresAt });
  }

  /** Run a handler with a deadline; a throw or a timeout is a 'failed' result, never a crash. */
  private async run(
    command: ValidCommand,
    handler: AnyHandler,
  ): Promise<Pick<CommandResultData, 'status' | 'code' | 'reason' | 'result'>> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve('timeout');
      }, this.handlerTimeoutMs);
    });
    const context: CommandContext = {
      commandId: command.id,
      issuedAtMs: command.issuedAtMs,
      expiresAtMs: command.expiresAtMs,
      signal: controller.signal,
    };
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(() => handler(command.args, context)),
        timedOut,
      ]);
      if (outcome === 'timeout') {
        return {
          status: 'failed',
          code: 'timeout',
          reason: `${command.name} did not finish within ${this.handlerTimeoutMs} ms and was abandoned; it may have partly run`,
        };
      }
      if (!outcome.ok) {
        return {
          status: 'failed',
          code: 'handler-failed',
          reason: `${command.name} failed: ${outcome.error}`,
        };
      }
      const result = toResultObject(outcome.value);
      return result.ok
        ? { status: 'done', result: result.value }
        : { status: 'failed', code: 'handler-failed', reason: `${command.name} ran, but ${result.error}` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error({ err: error, commandId: command.id, name: command.name }, 'command handler threw');
      return { status: 'failed', code: 'handler-failed', reason: `${command.name} threw: ${message}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private record(
    data: CommandResultData,
    seen: { receivedAt: number; expiresAt: number | null } | null,
  ): CommandOutcome {
    const { db, outbox, log } = this.deps;
    let seq: number;
    try {
      seq = db.transaction(() => {
        if (seen && data.commandId && data.name) {
          this.insertSeen.run(
            data.commandId,
            data.name,
            seen.receivedAt,
            seen.expiresAt,
            data.status,
            JSON.stringify(data),
          );
        }
        return outbox.append('command.result', data).seq;
      })();
    } catch (error) {
      // Nothing was recorded: a redelivery of the command runs it again, which
      // is why handlers are idempotent by command id.
      log.error(
        { err: error, commandId: data.commandId, name: data.name, status: data.status },
        'could not record the command result',
      );
      return null;
    }
    const fields = { commandId: data.commandId, name: data.name, code: data.code, seq };
    if (data.status === 'done') log.info(fields, 'command done');
    else log.warn({ ...fields, reason: data.reason }, `command ${data.status}`);
    try {
      this.deps.onEventWritten?.();
    } catch (error) {
      log.error({ err: error }, 'onEventWritten failed');
    }
    return { seq, data };
  }
}

function toResultObject(value: object): Result<Record<string, unknown>, string> {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return {
      ok: false,
      error: `its result is not JSON (${error instanceof Error ? error.message : 'unknown'})`,
    };
  }
  if (text === undefined || !text.startsWith('{')) {
    return { ok: false, error: 'its result is not a JSON object' };
  }
  if (Buffer.byteLength(text) > MAX_RESULT_BYTES) {
    return {
      ok: false,
      error: `its result is ${Buffer.byteLength(text)} bytes, over the ${MAX_RESULT_BYTES} allowed`,
    };
  }
  return { ok: true, value: JSON.parse(text) as Record<string, unknown> };
}
