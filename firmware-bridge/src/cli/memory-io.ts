import { Readable } from 'node:stream';
import type { CliIo } from './io.ts';

/** A `CliIo` on memory, for tests: stdin from the given chunks, output kept, signals on demand. */
export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
  /** stdout split into JSON objects, one per line. */
  jsonLines(): unknown[];
  signal(name: NodeJS.Signals): void;
}

export function memoryIo(stdinChunks: Array<Uint8Array | string> = []): MemoryIo {
  let out = '';
  let err = '';
  const listeners = new Set<(signal: NodeJS.Signals) => void>();
  return {
    stdin: Readable.from(
      stdinChunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)),
    ),
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    onStopSignal(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    out: () => out,
    err: () => err,
    jsonLines: () =>
      out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as unknown),
    signal: (name) => {
      for (const listener of [...listeners]) listener(name);
    },
  };
}
