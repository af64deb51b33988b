import type { Readable } from 'node:stream';
import type { Disposer } from '@yaofang/shared/result';

/**
 * What a subcommand may touch of its process: passed in, so unit tests run a
 * command against in-memory streams and fake signals.
 */
export interface CliIo {
  stdin: Readable;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Call `listener` on SIGINT or SIGTERM until disposed. */
  onStopSignal(listener: (signal: NodeJS.Signals) => void): Disposer;
}

export function processIo(): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    onStopSignal(listener) {
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}

/** Exit statuses: 2 for what the user typed or fed in, 1 for what failed at run time. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An expected failure of a command: one line for stderr and an exit status. */
export interface CliFailure {
  exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE;
  message: string;
}

export const usageFailure = (message: string): CliFailure => ({ exitCode: EXIT_USAGE, message });
export const runFailure = (message: string): CliFailure => ({ exitCode: EXIT_FAILURE, message });

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolve on the first stop signal; the caller disposes the subscription. */
export function nextStopSignal(io: CliIo): { stopped: Promise<NodeJS.Signals>; dispose: Disposer } {
  let dispose: Disposer = () => undefined;
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    dispose = io.onStopSignal(resolve);
  });
  return { stopped, dispose };
}
