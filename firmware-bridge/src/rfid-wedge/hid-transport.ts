import type { Disposer } from '@yaofang/shared/result';
import { Listeners } from '../transport/emitter.ts';
import { ReconnectLoop } from '../transport/reconnecting.ts';
import type { ByteTransport, LinkHealth } from '../transport/types.ts';

/** Which HID device to open: a hidraw path (preferred: unique) or the first vendor/product match. */
export type HidTarget = { path: string } | { vendorId: number; productId: number };

/**
 * An open HID device, as small as the transport needs. The real one wraps
 * node-hid; tests inject a fake that replays recorded reports.
 */
export interface HidHandle {
  /** Each input report as it arrives. */
  onReport(listener: (report: Buffer) => void): void;
  /** A read failure: on Linux this is how an unplugged device shows up. */
  onError(listener: (error: Error) => void): void;
  /** Send an output report (a keyboard's LEDs, say). */
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface HidOpener {
  /** Rejects when the device is absent or not accessible. */
  open(target: HidTarget): Promise<HidHandle>;
}

/** The production opener: node-hid's async API, loaded on first use. */
export const nodeHidOpener: HidOpener = {
  async open(target) {
    const { HIDAsync } = await import('node-hid');
    const device =
      'path' in target
        ? await HIDAsync.open(target.path)
        : await HIDAsync.open(target.vendorId, target.productId);
    return {
      onReport: (listener) => device.on('data', (data: Buffer) => listener(data)),
      onError: (listener) =>
        device.on('error', (error: unknown) =>
          listener(error instanceof Error ? error : new Error(String(error))),
        ),
      write: async (bytes) => {
        await device.write(Buffer.from(bytes));
      },
      close: () => device.close(),
    };
  },
};

export interface HidDeviceInfo {
  path: string | null;
  vendorId: number;
  productId: number;
  product: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
  usagePage: number | null;
  usage: number | null;
  interface: number;
  /** Generic Desktop / Keyboard: what a keyboard-wedge reader presents as. */
  keyboard: boolean;
}

/** HID devices on this machine, for the CLI's `list`. Empty when there are none. */
export async function listHidDevices(): Promise<HidDeviceInfo[]> {
  const { devicesAsync } = await import('node-hid');
  const devices = await devicesAsync();
  return devices.map((device) => ({
    path: device.path ?? null,
    vendorId: device.vendorId,
    productId: device.productId,
    product: device.product ?? null,
    manufacturer: device.manufacturer ?? null,
    serialNumber: device.serialNumber ?? null,
    usagePage: device.usagePage ?? null,
    usage: device.usage ?? null,
    interface: device.interface,
    keyboard: device.usagePage === 0x01 && device.usage === 0x06,
  }));
}

export interface HidTransportOptions {
  target: HidTarget;
  opener?: HidOpener;
  /** First reconnect delay ceiling; doubles up to `reconnectCapMs`. */
  reconnectBaseMs?: number;
  reconnectCapMs?: number;
  random?: () => number;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * A HID device that reopens itself after it vanishes. Each input report is
 * one data chunk, so a report-oriented codec sees whole reports.
 */
export class HidTransport implements ByteTransport {
  readonly name: string;
  private readonly opener: HidOpener;
  private readonly link: ReconnectLoop;
  private handle: HidHandle | null = null;
  /** Bumped on every open attempt and on stop, so a late open or report from an old handle is ignored. */
  private generation = 0;
  private readonly data = new Listeners<Buffer>();

  constructor(private readonly options: HidTransportOptions) {
    const target = options.target;
    this.name =
      'path' in target ? `hid:${target.path}` : `hid:${hex4(target.vendorId)}:${hex4(target.productId)}`;
    this.opener = options.opener ?? nodeHidOpener;
    this.link = new ReconnectLoop(options, () => this.open());
  }

  start(): void {
    this.link.start();
  }

  async stop(): Promise<void> {
    this.link.stop();
    this.generation++;
    const handle = this.handle;
    this.handle = null;
    if (handle) await closeQuietly(handle);
    this.link.stopped();
  }

  write(bytes: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle) {
      return Promise.reject(new Error(`${this.name}: device is not open (disconnected), cannot write`));
    }
    return handle.write(bytes);
  }

  onData(listener: (chunk: Buffer) => void): Disposer {
    return this.data.add(listener);
  }

  onHealth(listener: (health: LinkHealth) => void): Disposer {
    return this.link.onHealth(listener);
  }

  health(): LinkHealth {
    return this.link.health();
  }

  private open(): void {
    if (!this.link.running) return;
    const generation = ++this.generation;
    this.opener.open(this.options.target).then(
      (handle) => {
        if (generation !== this.generation || !this.link.running) {
          void closeQuietly(handle);
          return;
        }
        this.handle = handle;
        handle.onReport((report) => {
          if (this.handle === handle) this.data.emit(Buffer.from(report));
        });
        handle.onError((error) => this.lost(handle, error.message));
        this.link.connected();
      },
      (error: unknown) => {
        if (generation !== this.generation || !this.link.running) return;
        this.scheduleReopen(error instanceof Error ? error.message : String(error));
      },
    );
  }

  private lost(handle: HidHandle, reason: string): void {
    if (this.handle !== handle) return;
    this.handle = null;
    void closeQuietly(handle);
    this.scheduleReopen(reason);
  }

  private scheduleReopen(reason: string): void {
    // Failed retries keep the outage's start time: listeners hear about the
    // outage once, while health() always shows the latest reason.
    const current = this.link.health();
    const ongoing = current.state === 'disconnected' && current.lastError !== null;
    this.link.scheduleReconnect(`${this.name}: ${reason}`, ongoing ? current.since : Date.now());
  }
}

/** Closing a device that was just unplugged may fail; there is nothing left to do about it. */
async function closeQuietly(handle: HidHandle): Promise<void> {
  try {
    await handle.close();
  } catch {
    // already gone
  }
}
