import type { Disposer } from '@yaofang/shared/result';

/** How a link to a device is doing, reported as a value (never thrown). */
export type LinkHealth =
  | { state: 'connected'; since: number }
  | { state: 'degraded'; since: number; lastError: string }
  | { state: 'disconnected'; since: number; lastError: string | null };

/**
 * A byte pipe to one device: serial port, HID device, printer device file or
 * an in-memory pair. Drivers are written against this port only, so the same
 * driver runs on hardware, on a socat pty and in a unit test.
 *
 * `start()` begins connecting and keeps reconnecting after the device vanishes
 * (exponential backoff with jitter) until `stop()`. Writes while disconnected
 * reject with an Error whose message says the link is down.
 */
export interface ByteTransport {
  /** Human-readable name for logs and health, e.g. `serial:/dev/ttyUSB0`. */
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (chunk: Buffer) => void): Disposer;
  onHealth(listener: (health: LinkHealth) => void): Disposer;
  health(): LinkHealth;
}
