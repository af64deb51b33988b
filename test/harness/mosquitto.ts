import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { freePort, waitFor } from './free-port.ts';
import { ManagedProcess } from './process.ts';

export interface MosquittoBroker {
  url: string;
  port: number;
  /** Stop the broker (its persistence survives for `start()`). */
  stop(): Promise<void>;
  /** Start it again on the same port. */
  start(): Promise<void>;
  /** Stop it for good and remove its files. */
  dispose(): Promise<void>;
}

/**
 * A real Mosquitto on a free loopback port, with persistence in a temp dir,
 * so a restarted broker keeps persistent sessions like a production one.
 * `extraConfig` adds lines (TLS listeners in the TLS tests).
 */
export async function startMosquitto(
  options: { extraConfig?: string[]; port?: number } = {},
): Promise<MosquittoBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'yf-mosquitto-'));
  // Started as root, mosquitto drops to its own user: it must be able to write its persistence file here.
  chmodSync(dir, 0o777);
  const port = options.port ?? (await freePort());
  const configFile = join(dir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      'max_queued_messages 0',
      'max_inflight_messages 0',
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_dest stderr',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  let broker: ManagedProcess | null = null;
  const start = async () => {
    broker = new ManagedProcess('mosquitto', ['-c', configFile]);
    await waitFor(
      async () =>
        broker && !broker.running
          ? Promise.reject(new Error(`mosquitto exited: ${broker.output}`))
          : canConnect(port),
      `mosquitto on port ${port}`,
      10_000,
    );
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    start,
    stop: async () => {
      await broker?.stop();
      broker = null;
    },
    dispose: async () => {
      await broker?.stop();
      broker = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
