import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * A child process a test or the demo started, with its output kept and a stop
 * that always ends it (SIGTERM, then SIGKILL), so nothing outlives its owner.
 */
/** Children still running, killed if the test process exits without stopping them (a timed-out test). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class ManagedProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly lineListeners = new Set<(line: string) => void>();
  private partial = '';

  constructor(command: string, args: string[], options: SpawnOptions & { echo?: boolean } = {}) {
    this.child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const take = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (options.echo) process.stdout.write(text);
      this.output += text;
      if (this.output.length > 2_000_000) this.output = this.output.slice(-1_000_000);
      const lines = (this.partial + text).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) for (const listener of this.lineListeners) listener(line);
    };
    this.child.stdout?.on('data', take);
    this.child.stderr?.on('data', take);
    this.child.on('error', (error) => (this.output += `\n[spawn error] ${error.message}\n`));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** Resolve with the first line matching, or reject if the process exits first. */
  waitForLine(match: (line: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${what}; output:\n${this.output.slice(-3000)}`,
            ),
          ),
        timeoutMs,
      );
      const dispose = this.onLine((line) => {
        if (match(line)) finish(null, line);
      });
      void this.exited.then(({ code, signal }) =>
        finish(
          new Error(
            `process exited (${code ?? signal}) before ${what}; output:\n${this.output.slice(-3000)}`,
          ),
        ),
      );
      let done = false;
      function finish(error: Error | null, line?: string) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        dispose();
        if (error) reject(error);
        else resolve(line!);
      }
    });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  async stop(graceMs = 5000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
