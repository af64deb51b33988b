import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { Listeners } from '../transport/emitter.ts';
import { ReconnectLoop } from '../transport/reconnecting.ts';
import type { ByteTransport, LinkHealth } from '../transport/types.ts';

export interface DeviceFileTransportOptions {
  /** e.g. `/dev/usb/lp0` (usblp) — or a pty path in tests. */
  path: string;
  /** How often to look for bytes from the device (default 20 ms). */
  pollMs?: number;
  /** Give up on a write the device does not take within this time (default 10 s). */
  writeTimeoutMs?: number;
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
}

/** Errors that mean the device is gone (unplugged, pty master closed), not just busy. */
const GONE = new Set(['EIO', 'ENODEV', 'ENXIO', 'EBADF', 'ENOENT', 'EPIPE']);
const READ_SIZE = 4096;

/**
 * A printer device file (`/dev/usb/lp0`) as a ByteTransport. The file is
 * opened non-blocking and polled: a blocking read would hold one of libuv's
 * four pool threads for as long as the printer is silent, and could not be
 * cancelled on close. A read or write failing with EIO/ENODEV means the
 * device vanished; the transport then reopens with backoff until `stop()`.
 */
export class DeviceFileTransport implements ByteTransport {
  readonly name: string;
  private handle: FileHandle | null = null;
  private poller: NodeJS.Timeout | null = null;
  private reading = false;
  private writes: Promise<void> = Promise.resolve();
  private readonly link: ReconnectLoop;
  private readonly data = new Listeners<Buffer>();
  private readonly buffer = Buffer.alloc(READ_SIZE);

  constructor(private readonly options: DeviceFileTransportOptions) {
    this.name = `file:${options.path}`;
    // Failed reopens only update health(): listeners hear when the state changes.
    this.link = new ReconnectLoop({ ...options, announce: 'state' }, () => void this.open());
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    this.link.stop();
    await this.close();
    this.link.stopped();
  }

  write(bytes: Uint8Array): Promise<void> {
    // Chained so two writers' bytes never interleave mid-job.
    const run = this.writes.then(() => this.writeAll(Buffer.from(bytes)));
    this.writes = run.catch(() => undefined);
    return run;
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

  private async open(): Promise<void> {
    if (!this.link.running) return;
    try {
      const handle = await open(
        this.options.path,
        constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY,
      );
      if (!this.link.running) {
        await handle.close();
        return;
      }
      this.handle = handle;
      this.link.connected();
      this.poller = setInterval(() => void this.poll(), this.options.pollMs ?? 20);
    } catch (error) {
      this.link.scheduleReconnect(`${this.options.path}: ${(error as Error).message}`);
    }
  }

  private async poll(): Promise<void> {
    const handle = this.handle;
    if (!handle || this.reading) return;
    this.reading = true;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(this.buffer, 0, READ_SIZE, null);
        if (this.handle !== handle) break;
        if (bytesRead === 0) {
          // No data is EAGAIN; zero bytes is a hang-up (pty master gone) — unless
          // the file at the path is still ours, when it was an empty USB packet.
          if (!(await this.stillAtPath(handle))) await this.lost('device hung up (end of file)');
          break;
        }
        this.data.emit(Buffer.from(this.buffer.subarray(0, bytesRead)));
        if (bytesRead < READ_SIZE) break;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code !== 'EAGAIN' && this.handle === handle)
        await this.lost(`read failed: ${(error as Error).message}`);
    } finally {
      this.reading = false;
    }
  }

  private async stillAtPath(handle: FileHandle): Promise<boolean> {
    try {
      const [opened, atPath] = await Promise.all([handle.stat(), stat(this.options.path)]);
      return opened.rdev === atPath.rdev && opened.ino === atPath.ino;
    } catch {
      return false;
    }
  }

  private async writeAll(bytes: Buffer): Promise<void> {
    const deadline = Date.now() + (this.options.writeTimeoutMs ?? 10_000);
    let offset = 0;
    while (offset < bytes.length) {
      const handle = this.handle;
      if (!handle)
        throw new Error(`${this.name}: device file is not open (device disconnected), cannot write`);
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code !== 'EAGAIN') {
          if (GONE.has(code) && this.handle === handle)
            await this.lost(`write failed: ${(error as Error).message}`);
          throw error;
        }
        // The printer's buffer is full (it is busy or stopped): wait for it to drain.
        if (Date.now() > deadline)
          throw new Error(`${this.name}: device did not take data within the write timeout`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }

  private async lost(reason: string): Promise<void> {
    await this.close();
    this.link.scheduleReconnect(`${this.options.path}: ${reason}`);
  }

  private async close(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}
