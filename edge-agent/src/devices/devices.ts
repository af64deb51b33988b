import type { DeviceHealth } from '@yaofang/firmware-bridge';
import { err, ok, type Result } from '@yaofang/shared';
import type { Logger } from 'pino';
import type { DeviceConfig } from '../config/schema.ts';
import { binDevice } from './bin-device.ts';
import { cardReader } from './card-readers.ts';
import type {
  BinHandle,
  CardReaderHandle,
  IdCardReaderHandle,
  ManagedDevice,
  PrinterHandle,
  ScaleHandle,
} from './device-handles.ts';
import { idCardReader } from './idcard-reader.ts';
import type { Startable } from './managed.ts';
import { printerDevice } from './printer-device.ts';
import { scaleDevice } from './scale-device.ts';
import { realTransports, type TransportFactory } from './transports.ts';

export interface DevicesDeps {
  devices: readonly DeviceConfig[];
  log: Logger;
  /** Defaults to serial ports, device files and node-hid. */
  transports?: TransportFactory;
}

/**
 * Every device in the config, started with its transport, behind typed
 * handles. A device whose port is absent is not an error: its transport keeps
 * retrying and its health says `disconnected` until it appears.
 *
 * A station has one ID card reader, scale, printer and bin controller; a
 * second of a kind still runs and is supervised, but only the first is
 * offered to the flows (the config would need to say which is which).
 */
export class Devices {
  readonly cardReaders: readonly CardReaderHandle[];
  readonly idCardReader: IdCardReaderHandle | undefined;
  readonly scale: ScaleHandle | undefined;
  readonly printer: PrinterHandle | undefined;
  readonly bin: BinHandle | undefined;
  /** Every running device, in config order: what the supervisor watches. */
  readonly all: readonly ManagedDevice[];

  private constructor(all: ManagedDevice[]) {
    this.all = all;
    this.cardReaders = all.filter(isCardReader);
    this.idCardReader = all.find((d): d is IdCardReaderHandle => d.kind === 'idcard-ga467');
    this.scale = all.find((d): d is ScaleHandle => d.kind === 'scale');
    this.printer = all.find((d): d is PrinterHandle => d.kind === 'printer-escpos');
    this.bin = all.find((d): d is BinHandle => d.kind === 'bin-modbus');
  }

  static start(deps: DevicesDeps): Devices {
    const transports = deps.transports ?? realTransports();
    const started: ManagedDevice[] = [];
    const seen = new Set<string>();
    for (const config of deps.devices) {
      const log = deps.log.child({ deviceId: config.id, kind: config.kind });
      try {
        const device = create(config, transports);
        device.start();
        started.push(device.handle);
        if (seen.has(config.kind) && !isCardReader(device.handle)) {
          log.warn('a second device of this kind runs and is supervised, but the flows use the first one');
        }
        seen.add(config.kind);
        log.info('device started');
      } catch (error) {
        // A bug in one adapter must not take the other devices (or the agent) down.
        log.error({ err: error }, 'device could not be started; it is left out');
      }
    }
    return new Devices(started);
  }

  ids(): string[] {
    return this.all.map((device) => device.id);
  }

  get(id: string): ManagedDevice | undefined {
    return this.all.find((device) => device.id === id);
  }

  /** Stop and restart one device's driver; resolves with its health right after the restart. */
  async reset(id: string): Promise<Result<{ kind: string; health: DeviceHealth }, string>> {
    const device = this.get(id);
    if (!device) {
      const known = this.ids();
      return err(
        `no device ${JSON.stringify(id)} on this station; known: ${known.length > 0 ? known.join(', ') : '(none configured)'}`,
      );
    }
    await device.reset();
    return ok({ kind: device.kind, health: device.health() });
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((device) => device.stop()));
  }
}

function create(config: DeviceConfig, transports: TransportFactory): Startable<ManagedDevice> {
  switch (config.kind) {
    case 'rfid-em4100':
    case 'rfid-wedge':
    case 'rfid-wiegand':
      return cardReader(config, transports);
    case 'idcard-ga467':
      return idCardReader(config, transports);
    case 'scale':
      return scaleDevice(config, transports);
    case 'printer-escpos':
      return printerDevice(config, transports);
    case 'bin-modbus':
      return binDevice(config, transports);
  }
}

function isCardReader(device: ManagedDevice): device is CardReaderHandle {
  return device.kind === 'rfid-em4100' || device.kind === 'rfid-wedge' || device.kind === 'rfid-wiegand';
}
