import { EscPosPrinter, type PrinterStatus } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { DeviceConfig } from '../config/schema.ts';
import type { PrinterHandle } from './device-handles.ts';
import { DriverSlot } from './driver-slot.ts';
import { managedMembers, type Startable } from './managed.ts';
import type { TransportFactory } from './transports.ts';

/** The ESC/POS receipt printer, on a serial port or a usblp device file. */
export function printerDevice(
  config: Extract<DeviceConfig, { kind: 'printer-escpos' }>,
  transports: TransportFactory,
): Startable<PrinterHandle> {
  const statuses = new Listeners<PrinterStatus>();
  const link = config.transport;
  const slot = new DriverSlot(
    () =>
      new EscPosPrinter({
        transport: link.type === 'serial' ? transports.serial(link) : transports.deviceFile(link.path),
      }),
    (driver) => [driver.onStatus((status) => statuses.emit(status))],
  );
  return {
    handle: {
      ...managedMembers(config.id, config.kind, slot),
      print: (receipt) => slot.current.print(receipt),
      status: () => slot.current.status(),
      lastKnownStatus: () => slot.current.lastKnownStatus(),
      onStatus: (listener) => statuses.add(listener),
    },
    start: () => slot.start(),
  };
}
