import { IdCardDriver, type IdCardEvent } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { DeviceConfig } from '../config/schema.ts';
import type { IdCardReaderHandle } from './device-handles.ts';
import { DriverSlot } from './driver-slot.ts';
import { managedMembers, type Startable } from './managed.ts';
import type { TransportFactory } from './transports.ts';

/** The GA 467 resident ID card reader: polls the SAM, one `idcard.read` per presentation. */
export function idCardReader(
  config: Extract<DeviceConfig, { kind: 'idcard-ga467' }>,
  transports: TransportFactory,
): Startable<IdCardReaderHandle> {
  const events = new Listeners<IdCardEvent>();
  const slot = new DriverSlot(
    () => new IdCardDriver(transports.serial(config.transport)),
    (driver) => [driver.onEvent((event) => events.emit(event))],
  );
  return {
    handle: { ...managedMembers(config.id, config.kind, slot), onEvent: (listener) => events.add(listener) },
    start: () => slot.start(),
  };
}
