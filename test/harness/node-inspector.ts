import WebSocket from 'ws';
import type { ManagedProcess } from './process.ts';
import { waitFor } from './free-port.ts';

/** `NODE_OPTIONS` that opens the inspector of a child Node process on a free loopback port. */
export const INSPECT_NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --inspect=127.0.0.1:0`.trim();

/**
 * A minimal Chrome DevTools Protocol client for a Node process started with
 * `INSPECT_NODE_OPTIONS`: enough to force a garbage collection and read the
 * heap, so a memory figure does not depend on when V8 last collected.
 */
export class NodeInspector {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: { result?: unknown; error?: unknown }) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const reply = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: unknown };
      if (reply.id === undefined) return; // an event; nothing here subscribes to any
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  /** Connect to the inspector the process announced on stderr ("Debugger listening on ws://…"). */
  static async attach(child: ManagedProcess): Promise<NodeInspector> {
    const url = await waitFor(
      () => /Debugger listening on (ws:\/\/\S+)/.exec(child.output)?.[1],
      'the inspector URL in the process output',
    );
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new NodeInspector(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.error
          ? reject(new Error(`${method}: ${JSON.stringify(reply.error)}`))
          : resolve(reply.result as T),
      );
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Bytes of the JS heap in use right after a full garbage collection. */
  async heapUsedAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    return (await this.send<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }
}
