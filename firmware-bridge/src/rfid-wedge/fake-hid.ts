import type { HidHandle, HidOpener, HidTarget } from './hid-transport.ts';
import { WEDGE_REPORT_LENGTH } from './wedge-codec.ts';

/**
 * A HID device in memory: the opener a test injects into `HidTransport` to
 * replay recorded reports and to unplug and replug the device. It behaves as
 * node-hid does on Linux: opening an absent device rejects, and unplugging an
 * open device surfaces as a read error.
 */
export class FakeHidDevice implements HidOpener {
  plugged = true;
  openCount = 0;
  closeCount = 0;
  readonly written: Uint8Array[] = [];
  readonly targets: HidTarget[] = [];
  private active: { reports: Array<(r: Buffer) => void>; errors: Array<(e: Error) => void> } | null = null;

  get isOpen(): boolean {
    return this.active !== null;
  }

  open(target: HidTarget): Promise<HidHandle> {
    this.openCount++;
    this.targets.push(target);
    if (!this.plugged) return Promise.reject(new Error('cannot open device: No such file or directory'));
    const listeners = { reports: [] as Array<(r: Buffer) => void>, errors: [] as Array<(e: Error) => void> };
    this.active = listeners;
    const handle: HidHandle = {
      onReport: (listener) => listeners.reports.push(listener),
      onError: (listener) => listeners.errors.push(listener),
      write: (bytes) => {
        if (this.active !== listeners) return Promise.reject(new Error('device closed'));
        this.written.push(Uint8Array.from(bytes));
        return Promise.resolve();
      },
      close: () => {
        this.closeCount++;
        if (this.active === listeners) this.active = null;
        return Promise.resolve();
      },
    };
    return Promise.resolve(handle);
  }

  /** Deliver one input report; false when no handle is open (the report is lost, as on hardware). */
  report(bytes: Uint8Array): boolean {
    const active = this.active;
    if (!active) return false;
    for (const listener of active.reports) listener(Buffer.from(bytes));
    return true;
  }

  /** Deliver a recording: either a list of reports or their concatenation (cut every 8 bytes). */
  replay(recording: readonly Uint8Array[] | Uint8Array): number {
    const reports =
      recording instanceof Uint8Array
        ? Array.from({ length: Math.ceil(recording.length / WEDGE_REPORT_LENGTH) }, (_, i) =>
            recording.subarray(i * WEDGE_REPORT_LENGTH, (i + 1) * WEDGE_REPORT_LENGTH),
          )
        : recording;
    let delivered = 0;
    for (const report of reports) if (this.report(report)) delivered++;
    return delivered;
  }

  unplug(reason = 'could not read from HID device'): void {
    this.plugged = false;
    const active = this.active;
    this.active = null;
    for (const listener of active?.errors ?? []) listener(new Error(reason));
  }

  plug(): void {
    this.plugged = true;
  }
}
