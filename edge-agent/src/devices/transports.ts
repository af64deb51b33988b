import {
  DeviceFileTransport,
  HidTransport,
  SerialTransport,
  type ByteTransport,
  type HidOpener,
  type HidTarget,
} from '@yaofang/firmware-bridge';

/**
 * How the agent opens each kind of link. Every transport reopens itself with
 * backoff, so a device that is absent at start shows as disconnected and
 * comes up when plugged in. Tests swap in memory transports.
 */
export interface TransportFactory {
  serial(options: { path: string; baudRate: number }): ByteTransport;
  /** A printer under the kernel's usblp driver (`/dev/usb/lp0`). */
  deviceFile(path: string): ByteTransport;
  hid(target: HidTarget): ByteTransport;
}

export function realTransports(options: { hidOpener?: HidOpener } = {}): TransportFactory {
  return {
    serial: ({ path, baudRate }) => new SerialTransport({ path, baudRate }),
    deviceFile: (path) => new DeviceFileTransport({ path }),
    hid: (target) =>
      new HidTransport({ target, ...(options.hidOpener ? { opener: options.hidOpener } : {}) }),
  };
}
