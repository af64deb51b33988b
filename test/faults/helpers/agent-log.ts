import type { ManagedProcess } from '../../harness/process.ts';
import { waitFor } from '../../harness/free-port.ts';

/** One pino line of the agent: `msg`, `level` (30 info, 40 warn, 50 error, 60 fatal) and its fields. */
export interface LogLine {
  level: number;
  msg: string;
  module?: string;
  [field: string]: unknown;
}

/**
 * The agent's structured log as the test sees it, parsed line by line. A
 * cursor (`mark()`) lets a test say "the line that explains *this* message",
 * not just "some line somewhere".
 */
export class AgentLog {
  readonly lines: LogLine[] = [];
  private readonly dispose: () => void;

  constructor(process: ManagedProcess) {
    for (const text of process.output.split('\n')) this.take(text);
    this.dispose = process.onLine((text) => this.take(text));
  }

  /** An index to search from. */
  mark(): number {
    return this.lines.length;
  }

  /** The first line at or after `from` that matches; resolves with it and its index. */
  async next(
    from: number,
    match: (line: LogLine) => boolean,
    what: string,
    timeoutMs = 10_000,
  ): Promise<{ line: LogLine; index: number }> {
    return waitFor(
      () => {
        for (let i = from; i < this.lines.length; i++) {
          const line = this.lines[i]!;
          if (match(line)) return { line, index: i };
        }
        return null;
      },
      `the agent to log ${what}`,
      timeoutMs,
    );
  }

  since(from: number): LogLine[] {
    return this.lines.slice(from);
  }

  stop(): void {
    this.dispose();
  }

  private take(text: string): void {
    if (!text.startsWith('{')) return;
    try {
      const line = JSON.parse(text) as LogLine;
      if (typeof line.msg === 'string') this.lines.push(line);
    } catch {
      // Not a log line (a stack trace, say): the raw output still has it.
    }
  }
}
