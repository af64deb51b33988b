import type { DecodeError, StreamDecoder } from '../codec.ts';
import type { DeviceKind } from '../device.ts';
import { WedgeDecoder } from './wedge-codec.ts';
import { isWedgeFormat, WEDGE_FORMATS, type WedgeFormat } from './wedge-format.ts';
import { WedgeSimulator } from './wedge-simulator.ts';

export * from './card-debounce.ts';
export * from './fake-hid.ts';
export * from './hid-transport.ts';
export * from './wedge-codec.ts';
export * from './wedge-driver.ts';
export * from './wedge-format.ts';
export * from './wedge-simulator.ts';

function wedgeFormat(format: string | undefined): WedgeFormat {
  const name = format ?? 'decimal';
  if (!isWedgeFormat(name)) {
    throw new RangeError(
      `unknown rfid-wedge format ${JSON.stringify(name)}; known: ${WEDGE_FORMATS.join(', ')}`,
    );
  }
  return name;
}

/** `decode` contract: `{"type":"card","uid":"0000C80ECC"}`; input is raw 8-byte input reports. */
class WedgeJsonDecoder implements StreamDecoder<{ type: 'card'; uid: string }> {
  private readonly decoder: WedgeDecoder;
  constructor(format: WedgeFormat) {
    this.decoder = new WedgeDecoder(format);
  }
  push(chunk: Uint8Array): Array<{ type: 'card'; uid: string } | DecodeError> {
    return this.decoder.push(chunk).map((m) => (m.type === 'card' ? { type: 'card', uid: m.uid } : m));
  }
  reset(): void {
    this.decoder.reset();
  }
}

export const wedgeKind: DeviceKind = {
  kind: 'rfid-wedge',
  description: 'USB keyboard-wedge RFID reader (HID boot keyboard reports via hidraw), output only',
  formats: WEDGE_FORMATS,
  defaultFormat: 'decimal',
  createJsonDecoder: (format) => new WedgeJsonDecoder(wedgeFormat(format)),
  createSimulator: (transport, format) => new WedgeSimulator(transport, wedgeFormat(format)),
};
