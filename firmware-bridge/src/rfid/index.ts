import type { DeviceKind } from '../device.ts';
import { Em4100Decoder } from './em4100-codec.ts';
import { Em4100Simulator } from './em4100-simulator.ts';

export * from './em4100-codec.ts';
export * from './em4100-driver.ts';
export * from './em4100-simulator.ts';

export const em4100Kind: DeviceKind = {
  kind: 'rfid-em4100',
  description: 'EM4100 serial RFID reader (RDM6300 class), output only',
  formats: [],
  serial: { baudRate: 9600 },
  createJsonDecoder: () => new Em4100Decoder(),
  createSimulator: (transport) => new Em4100Simulator(transport),
};
