import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import type { ByteTransport, LinkHealth } from './types.ts';
import { Listeners } from './emitter.ts';
import { ReconnectLoop } from './reconnecting.ts';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
  /** First reconnect delay ceiling; doubles up to `reconnectCapMs`. */
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  /**
   * How often to check that the device node is still the one opened. A
   * hung-up pty (and some USB adapters) only ever returns 0-byte reads, which
   * serialport treats as "try again", so a listener would never learn the
   * device is gone without this check.
   */
  livenessCheckMs?: number;
}

/**
 * A serial port (or socat pty) that reopens itself after it vanishes.
 *
 * We never set modem lines: a pty answers DTR/RTS ioctls with "Inappropriate
 * ioctl for device", and none of our devices needs them. `hupcl: false` keeps
 * the open path from touching them too.
 */
export class SerialTransport implements ByteTransport {
  readonly name: string;
  private port: SerialPort | null = null;
  private liveness: NodeJS.Timeout | null = null;
  private readonly link: ReconnectLoop;
  private readonly data = new Listeners<Buffer>();

  constructor(private readonly options: SerialTransportOptions) {
    this.name = `serial:${options.path}`;
    this.link = new ReconnectLoop(options, () => this.open());
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    this.link.stop();
    this.stopLiveness();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    }
    this.link.stopped();
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) {
      return Promise.reject(new Error(`${this.name}: port is not open (device disconnected), cannot write`));
    }
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  onData(listener: (chunk: Buffer) => void) {
    return this.data.add(listener);
  }

  onHealth(listener: (health: LinkHealth) => void) {
    return this.link.onHealth(listener);
  }

  health(): LinkHealth {
    return this.link.health();
  }

  private open(): void {
    if (!this.link.running) return;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.options.baudRate,
      dataBits: this.options.dataBits ?? 8,
      parity: this.options.parity ?? 'none',
      stopBits: this.options.stopBits ?? 1,
      hupcl: false,
      autoOpen: false,
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.data.emit(chunk));
    port.on('error', (error: Error) => this.lost(port, error.message));
    port.on('close', () => this.lost(port, 'port closed (device removed?)'));
    port.open((error) => {
      if (error) {
        this.lost(port, error.message);
        return;
      }
      if (!this.link.running || this.port !== port) {
        port.close();
        return;
      }
      this.link.connected();
      void this.watch(port);
    });
  }

  /** Remember which device node we opened and poll that it is still there. */
  private async watch(port: SerialPort): Promise<void> {
    const identity = await nodeIdentity(this.options.path);
    if (identity === null || this.port !== port) return;
    this.stopLiveness();
    this.liveness = setInterval(() => {
      void nodeIdentity(this.options.path).then((now) => {
        if (this.port === port && now !== identity)
          this.lost(port, 'device node disappeared or was replaced');
      });
    }, this.options.livenessCheckMs ?? 500);
    this.liveness.unref();
  }

  private stopLiveness(): void {
    if (this.liveness) clearInterval(this.liveness);
    this.liveness = null;
  }

  private lost(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    this.stopLiveness();
    port.removeAllListeners('data');
    if (port.isOpen) port.close(() => undefined);
    this.link.scheduleReconnect(`${this.options.path}: ${reason}`);
  }
}

/** Device and inode of what `path` points at now, or null when it is gone. */
async function nodeIdentity(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return `${info.dev}:${info.ino}:${info.rdev}`;
  } catch {
    return null;
  }
}
