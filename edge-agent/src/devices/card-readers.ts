import { Em4100Driver, WedgeDriver, WiegandDriver } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { DeviceConfig } from '../config/schema.ts';
import type { CardReaderEvent, CardReaderHandle } from './device-handles.ts';
import { DriverSlot } from './driver-slot.ts';
import { managedMembers, type Startable } from './managed.ts';
import type { TransportFactory } from './transports.ts';

type CardReaderConfig = Extract<DeviceConfig, { kind: CardReaderHandle['kind'] }>;

/**
 * EM4100 (serial), keyboard wedge (HID) and Wiegand (serial converter)
 * readers behind one handle: each emits `card.presented` with the uid.
 */
export function cardReader(
  config: CardReaderConfig,
  transports: TransportFactory,
): Startable<CardReaderHandle> {
  const cards = new Listeners<CardReaderEvent>();
  const slot = cardReaderSlot(config, transports, (event) => cards.emit(event));
  return {
    handle: { ...managedMembers(config.id, config.kind, slot), onCard: (listener) => cards.add(listener) },
    start: () => slot.start(),
  };
}

function cardReaderSlot(
  config: CardReaderConfig,
  transports: TransportFactory,
  emit: (event: CardReaderEvent) => void,
) {
  switch (config.kind) {
    case 'rfid-em4100':
      return new DriverSlot(
        () =>
          new Em4100Driver(transports.serial(config.transport), { leaveAfterMs: config.leaveAfterMs ?? 400 }),
        (driver) => [driver.onCard(({ type, uid, at }) => emit({ type, uid, at }))],
      );
    case 'rfid-wedge':
      return new DriverSlot(
        () => new WedgeDriver(transports.hid(config.hid), { format: config.format }),
        // `typed` (what the reader typed) stays here: the uid is all the agent needs.
        (driver) => [driver.onCard(({ type, uid, at }) => emit({ type, uid, at }))],
      );
    case 'rfid-wiegand':
      return new DriverSlot(
        () => new WiegandDriver(transports.serial(config.transport), { format: config.format }),
        (driver) => [driver.onCard(({ type, uid, at }) => emit({ type, uid, at }))],
      );
  }
}
