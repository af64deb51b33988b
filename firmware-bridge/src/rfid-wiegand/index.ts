import type { DeviceKind } from '../device.ts';
import { isWiegandFormat, WIEGAND_FORMATS, WiegandDecoder, type WiegandFormat } from './wiegand-codec.ts';
import { WiegandSimulator } from './wiegand-simulator.ts';

export * from './wiegand26.ts';
export * from './wiegand-codec.ts';
export * from './wiegand-driver.ts';
export * from './wiegand-simulator.ts';

function wiegandFormat(format: string | undefined): WiegandFormat {
  const name = format ?? 'hex6';
  if (!isWiegandFormat(name)) {
    throw new RangeError(
      `unknown rfid-wiegand format ${JSON.stringify(name)}; known: ${WIEGAND_FORMATS.join(', ')}`,
    );
  }
  return name;
}

/** Decode contract: `{"type":"card","uid":"7B11D7","facility":123,"card":4567}`. */
export const wiegandKind: DeviceKind = {
  kind: 'rfid-wiegand',
  description: 'Wiegand-26 to serial converter (6 hex + CR, or 10 decimal digits + CR LF), output only',
  formats: WIEGAND_FORMATS,
  defaultFormat: 'hex6',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  createJsonDecoder: (format) => new WiegandDecoder(wiegandFormat(format)),
  createSimulator: (transport, format) => new WiegandSimulator(transport, wiegandFormat(format)),
};
