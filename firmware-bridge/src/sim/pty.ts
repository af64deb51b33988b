import { spawn, type ChildProcess } from 'node:child_process';
import { access } from 'node:fs/promises';

/**
 * A pair of connected pseudo-terminals made by socat, linked at two paths.
 * One side is the "device" (a simulator opens it), the other the "host" (a
 * driver opens it, exactly as it would open /dev/ttyUSB0).
 *
 * `stop()` kills socat, which removes both links: that is how tests make a
 * device vanish. A new `startPtyPair` with the same paths brings it back.
 */
export interface PtyPair {
  devicePath: string;
  hostPath: string;
  stop(): Promise<void>;
}

/** socat processes still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test runner that times out or a crashing CLI must not leave socat holding the links.
  process.once('exit', () => {
    for (const orphan of running) orphan.kill('SIGKILL');
  });
}

export async function startPtyPair(devicePath: string, hostPath: string, timeoutMs = 5000): Promise<PtyPair> {
  const child = spawn('socat', [`pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${hostPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  track(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`socat exited with ${child.exitCode} before creating ${hostPath}: ${stderr.trim()}`);
    }
    if ((await exists(devicePath)) && (await exists(hostPath))) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `socat did not create ${devicePath} and ${hostPath} within ${timeoutMs} ms: ${stderr.trim()}`,
      );
    }
    const failed = await Promise.race([spawnError, delay(20).then(() => null)]);
    if (failed) {
      throw new Error(`cannot start socat (install it with 'apt-get install socat'): ${failed.message}`);
    }
  }
  return {
    devicePath,
    hostPath,
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
