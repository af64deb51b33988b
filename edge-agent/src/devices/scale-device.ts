import { scale, type ByteTransport } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import { err } from '@yaofang/shared';
import type { DeviceConfig } from '../config/schema.ts';
import type { ScaleHandle } from './device-handles.ts';
import { DriverSlot } from './driver-slot.ts';
import { managedMembers, type Startable } from './managed.ts';
import type { TransportFactory } from './transports.ts';

type ScaleConfig = Extract<DeviceConfig, { kind: 'scale' }>;
type AnyScaleDriver = scale.ContinuousScaleDriver | scale.YaohuaCommandDriver | scale.SicsScaleDriver;

/** The scale under the bin, whichever indicator protocol it speaks. */
export function scaleDevice(config: ScaleConfig, transports: TransportFactory): Startable<ScaleHandle> {
  const weights = new Listeners<scale.WeightEvent>();
  const slot = new DriverSlot(
    () => createScaleDriver(config, transports.serial(config.transport)),
    (driver) => [driver.onWeight((event) => weights.emit(event))],
  );
  const canZero = config.protocol === 'sics';
  return {
    handle: {
      ...managedMembers(config.id, config.kind, slot),
      protocol: config.protocol,
      canZero,
      latest: () => slot.current.latest(),
      readStable: (timeoutMs) => slot.current.readStable(timeoutMs),
      zero: () => {
        const driver = slot.current;
        if (driver instanceof scale.SicsScaleDriver) return driver.zero();
        return Promise.resolve(
          err({
            code: 'unsupported' as const,
            message: `a ${config.protocol} indicator cannot be zeroed from the host; press ZERO on the indicator`,
          }),
        );
      },
      onWeight: (listener) => weights.add(listener),
    },
    start: () => slot.start(),
  };
}

function createScaleDriver(config: ScaleConfig, transport: ByteTransport): AnyScaleDriver {
  const stability = {
    ...scale.DEFAULT_STABILITY,
    ...(config.stableCount !== undefined ? { frames: config.stableCount } : {}),
    ...(config.stableWindowMs !== undefined ? { windowMs: config.stableWindowMs } : {}),
  };
  switch (config.protocol) {
    case 'xk3190-tf0':
    case 'xk3190-tf1':
    case 'xk3190-tf2':
    case 'xk3190-a12':
      return new scale.ContinuousScaleDriver({
        transport,
        format: config.protocol.slice('xk3190-'.length) as scale.ContinuousFormatName,
        stability,
      });
    case 'toledo':
    case 'and':
      return new scale.ContinuousScaleDriver({ transport, format: config.protocol, stability });
    case 'xk3190-cmd':
      return new scale.YaohuaCommandDriver({ transport, stability });
    case 'sics':
      return new scale.SicsScaleDriver({ transport });
  }
}
