import type { BinHandle, PrinterHandle, ScaleHandle } from '../../devices/device-handles.ts';

/**
 * What the waste flow needs of each device: the agent passes its device
 * handles, the unit tests pass fakes (`fake-devices.ts`) of the same shape.
 */
export type BinPort = Pick<
  BinHandle,
  'id' | 'compartments' | 'categories' | 'openLid' | 'closeLid' | 'lastKnown' | 'onEvent'
>;
export type ScalePort = Pick<ScaleHandle, 'id' | 'readStable' | 'latest'>;
export type PrinterPort = Pick<PrinterHandle, 'id' | 'print'>;

/** One fault for the station banner (from the device supervisor). */
export interface StationFault {
  device: string;
  kind: string;
  code: string;
}
