import { ok, type Result } from '@yaofang/shared';
import type { CommandArgs, CommandName } from '@yaofang/shared/commands';

/** What a handler knows about the command it runs. */
export interface CommandContext {
  /**
   * The command's id. A handler must be idempotent by it: if the agent dies
   * after running the handler and before recording the result, the broker
   * delivers the command again and the handler runs again with the same id.
   */
  commandId: string;
  issuedAtMs: number;
  expiresAtMs: number;
  /** Aborted when the handler's time is up; stop work and return. */
  signal: AbortSignal;
}

/**
 * One handler per built-in command. `ok(result)` becomes status 'done' with
 * `result`; `err(message)` becomes 'failed' with the message as the reason.
 * The result must be a small JSON object: it travels in the result event.
 */
export type CommandHandlers = {
  [N in CommandName]: (args: CommandArgs<N>, context: CommandContext) => Promise<Result<object, string>>;
};

/** The built-in `ping`: proves the station hears, verifies and answers commands. */
export function pingHandler(clock: () => number = Date.now): CommandHandlers['ping'] {
  return () => Promise.resolve(ok({ pong: true, at: new Date(clock()).toISOString() }));
}
