import { Em4100Driver, SerialTransport } from '@yaofang/firmware-bridge';
import type { CardEvent, DeviceHealth } from '@yaofang/firmware-bridge';
import type { Disposer } from '@yaofang/shared';
import type { DeviceConfig } from '../config/schema.ts';

/** A running card reader, whatever its kind. */
export interface CardReader {
  id: string;
  kind: string;
  onCard(listener: (event: CardEvent) => void): Disposer;
  health(): DeviceHealth;
  onHealth(listener: (health: DeviceHealth) => void): Disposer;
  stop(): Promise<void>;
}

/** Start the drivers named in config. */
export function startCardReaders(devices: readonly DeviceConfig[]): CardReader[] {
  return devices.flatMap((device): CardReader[] => {
    switch (device.kind) {
      case 'rfid-em4100': {
        const transport = new SerialTransport({
          path: device.transport.path,
          baudRate: device.transport.baudRate ?? 9600,
        });
        const driver = new Em4100Driver(transport, { leaveAfterMs: device.leaveAfterMs ?? 400 });
        driver.start();
        return [
          {
            id: device.id,
            kind: device.kind,
            onCard: (listener) => driver.onCard(listener),
            health: () => driver.health(),
            onHealth: (listener) => driver.onHealth(listener),
            stop: () => driver.stop(),
          },
        ];
      }
      default:
        return [];
    }
  });
}
