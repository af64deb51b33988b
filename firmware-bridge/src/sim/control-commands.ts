import type { SimReply } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';

/** One text command: the words after its name in, a reply out. It may throw; see `runControlLine`. */
export type ControlCommand = (args: string[]) => SimReply | Promise<SimReply>;

/**
 * Runs one `Simulator.control` line against a table of commands. Unknown names
 * answer with the `known` list, and a thrown error (a bad uid, a value out of
 * range, a write on a dead link) becomes an `ok: false` reply, so a typo at
 * the control port never takes a simulator down.
 */
export async function runControlLine(
  line: string,
  commands: Readonly<Record<string, ControlCommand>>,
  known: string,
): Promise<SimReply> {
  const [command = '', ...args] = line.trim().split(/\s+/);
  // Own keys only: `constructor` or `toString` typed at the port is an unknown command.
  const run = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!run) return { ok: false, error: `unknown command ${JSON.stringify(command)}; known: ${known}` };
  try {
    return await run(args);
  } catch (error) {
    return errorReply(error);
  }
}

export function errorReply(error: unknown): SimReply {
  return { ok: false, error: error instanceof Error ? error.message : String(error) };
}

/** Write to the link and say `message`, or say why the write failed (the link is down). */
export async function writeReply(
  transport: ByteTransport,
  bytes: Uint8Array,
  message: string,
): Promise<SimReply> {
  try {
    await transport.write(bytes);
  } catch (error) {
    return errorReply(error);
  }
  return { ok: true, message };
}

/** `silent on|off`, anything else is a usage error. */
export function silentCommand(setSilent: (silent: boolean) => void): ControlCommand {
  return ([mode]) => {
    if (mode !== 'on' && mode !== 'off') return { ok: false, error: 'usage: silent on|off' };
    setSilent(mode === 'on');
    return { ok: true, message: `silent ${mode}` };
  };
}

/** `state`: the snapshot, as the control port and the demo panel read it. */
export function stateCommand(snapshot: () => Record<string, unknown>): ControlCommand {
  return () => ({ ok: true, message: JSON.stringify(snapshot()) });
}

/** A simulator whose garbage and silence follow the usual contract (see `lineNoiseCommands`). */
export interface LineNoiseSimulator {
  sendGarbage(): Promise<SimReply>;
  setSilent(silent: boolean): void;
  snapshot(): Record<string, unknown>;
}

/** `garbage`, strict `silent on|off` and `state`, which most simulators answer alike. */
export function lineNoiseCommands(simulator: LineNoiseSimulator): Record<string, ControlCommand> {
  return {
    garbage: () => simulator.sendGarbage(),
    silent: silentCommand((silent) => simulator.setSilent(silent)),
    state: stateCommand(() => simulator.snapshot()),
  };
}
