import type { ByteTransport, LinkHealth } from './types.ts';
import { Listeners } from './emitter.ts';

/**
 * Two connected in-memory transports, for unit tests of one module. `unplug()`
 * and `plug()` simulate the device vanishing and returning.
 */
export interface MemoryLink {
  host: MemoryTransport;
  device: MemoryTransport;
  unplug(reason?: string): void;
  plug(): void;
}

export class MemoryTransport implements ByteTransport {
  private readonly data = new Listeners<Buffer>();
  private readonly healthListeners = new Listeners<LinkHealth>();
  private current: LinkHealth = { state: 'disconnected', since: Date.now(), lastError: null };
  private started = false;
  peer: MemoryTransport | null = null;
  plugged = true;

  constructor(readonly name: string) {}

  start(): void {
    this.started = true;
    if (this.plugged) this.setHealth({ state: 'connected', since: Date.now() });
  }

  stop(): Promise<void> {
    this.started = false;
    this.setHealth({ state: 'disconnected', since: Date.now(), lastError: null });
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.current.state !== 'connected') {
      return Promise.reject(new Error(`${this.name}: link is down, cannot write`));
    }
    const peer = this.peer;
    const copy = Buffer.from(bytes);
    if (peer?.started && peer.current.state === 'connected') queueMicrotask(() => peer.data.emit(copy));
    return Promise.resolve();
  }

  onData(listener: (chunk: Buffer) => void) {
    return this.data.add(listener);
  }

  onHealth(listener: (health: LinkHealth) => void) {
    return this.healthListeners.add(listener);
  }

  health(): LinkHealth {
    return this.current;
  }

  /** @internal */
  setPlugged(plugged: boolean, reason: string): void {
    this.plugged = plugged;
    if (!this.started) return;
    this.setHealth(
      plugged
        ? { state: 'connected', since: Date.now() }
        : { state: 'disconnected', since: Date.now(), lastError: reason },
    );
  }

  private setHealth(health: LinkHealth): void {
    this.current = health;
    this.healthListeners.emit(health);
  }
}

export function createMemoryLink(name = 'memory'): MemoryLink {
  const host = new MemoryTransport(`${name}:host`);
  const device = new MemoryTransport(`${name}:device`);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    unplug: (reason = 'unplugged') => {
      host.setPlugged(false, reason);
      device.setPlugged(false, reason);
    },
    plug: () => {
      host.setPlugged(true, '');
      device.setPlugged(true, '');
    },
  };
}
