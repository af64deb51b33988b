import {
  BinController,
  BinPoller,
  ModbusMaster,
  type BinEvent,
  type ByteTransport,
  type DeviceHealth,
} from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { Disposer } from '@yaofang/shared';
import type { DeviceConfig } from '../config/schema.ts';
import type { BinHandle } from './device-handles.ts';
import { DriverSlot, type Driver } from './driver-slot.ts';
import { managedMembers, type Startable } from './managed.ts';
import type { TransportFactory } from './transports.ts';

type BinConfig = Extract<DeviceConfig, { kind: 'bin-modbus' }>;

/** The bin controller (Modbus RTU) and the poller watching its compartments. */
export function binDevice(config: BinConfig, transports: TransportFactory): Startable<BinHandle> {
  const events = new Listeners<BinEvent>();
  const slot = new DriverSlot(
    () => new BinDriver(transports.serial(config.transport), config),
    (driver) => [driver.poller.onEvent((event) => events.emit(event))],
  );
  return {
    handle: {
      ...managedMembers(config.id, config.kind, slot),
      compartments: config.compartments,
      categories: config.categories,
      openLid: (index) => slot.current.controller.openLid(index),
      closeLid: (index) => slot.current.controller.closeLid(index),
      compartment: (index) => slot.current.controller.compartment(index),
      lastKnown: (index) => slot.current.poller.last(index),
      onEvent: (listener) => events.add(listener),
    },
    start: () => slot.start(),
  };
}

/** Master, controller and poller started and stopped as one driver. */
class BinDriver implements Driver {
  readonly controller: BinController;
  readonly poller: BinPoller;
  private readonly master: ModbusMaster;

  constructor(transport: ByteTransport, config: BinConfig) {
    this.master = new ModbusMaster(transport);
    this.controller = new BinController(this.master, { unit: config.unit });
    this.poller = new BinPoller(this.controller, {
      compartments: Array.from({ length: config.compartments }, (_, index) => index),
    });
  }

  start(): void {
    this.master.start();
    this.poller.start();
  }

  async stop(): Promise<void> {
    // Stopping the master first ends a poll waiting on a silent controller at
    // once, instead of after every retry of every compartment.
    const pollerStopped = this.poller.stop();
    await this.master.stop();
    await pollerStopped;
  }

  health(): DeviceHealth {
    return this.master.health();
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.master.onHealth(listener);
  }
}
