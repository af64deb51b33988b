/**
 * Weighing indicators (the RFID scale under a waste bin), PROTOCOLS.md §3:
 * codecs for Yaohua XK3190 (tf0, tf1, tf2, A12, command mode), Mettler-Toledo
 * continuous and MT-SICS, and A&D; drivers; simulators; CLI device kinds.
 */
export * from './weight.ts';
export * from './frame-decoder.ts';
export * from './yaohua-tf0-codec.ts';
export * from './yaohua-eq-codec.ts';
export * from './yaohua-a12-codec.ts';
export * from './yaohua-cmd-codec.ts';
export * from './toledo-codec.ts';
export * from './sics-codec.ts';
export * from './and-codec.ts';
export * from './formats.ts';
export * from './stability.ts';
export * from './driver-types.ts';
export { RequestRunner, type RequestTiming } from './request-runner.ts';
export { ContinuousScaleDriver, type ContinuousScaleDriverOptions } from './continuous-driver.ts';
export { YaohuaCommandDriver, type YaohuaCommandDriverOptions } from './yaohua-cmd-driver.ts';
export { SicsScaleDriver, type SicsScaleDriverOptions } from './sics-driver.ts';
export { ScaleSimulatorBase } from './sim-base.ts';
export { GARBAGE, parseScaleSimCommand, type ScaleSimCommand } from './sim-model.ts';
export { ContinuousScaleSimulator, type ContinuousScaleSimulatorOptions } from './continuous-sim.ts';
export { YaohuaCommandSimulator, type YaohuaCommandSimulatorOptions } from './yaohua-cmd-sim.ts';
export { SicsSimulator, type SicsSimulatorOptions } from './sics-sim.ts';
export * from './json-decoder.ts';
export * from './device-kinds.ts';

import type { ByteTransport } from '../transport/types.ts';
import type { Simulator } from '../device.ts';
import { scaleXk3190 } from './device-kinds.ts';

/** The XK3190 simulator for a format (the most common scale on our stations). */
export function createSimulator(transport: ByteTransport, format?: string): Simulator {
  return scaleXk3190.createSimulator!(transport, format);
}
