import type { DeviceKind } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { ContinuousScaleSimulator } from './continuous-sim.ts';
import { continuousFormats, type ContinuousFormatName } from './formats.ts';
import { continuousJson, jsonDecoder, sicsJson, yaohuaCommandJson } from './json-decoder.ts';
import { createSicsReplyDecoder } from './sics-codec.ts';
import { SicsSimulator } from './sics-sim.ts';
import { createYaohuaCommandDecoder } from './yaohua-cmd-codec.ts';
import { YaohuaCommandSimulator } from './yaohua-cmd-sim.ts';

const XK3190_FORMATS = ['tf0', 'tf1', 'tf2', 'a12', 'cmd'] as const;
type Xk3190Format = (typeof XK3190_FORMATS)[number];

function xk3190Format(format: string | undefined): Xk3190Format {
  const chosen = format ?? 'tf0';
  if (!(XK3190_FORMATS as readonly string[]).includes(chosen)) {
    throw new RangeError(`scale-xk3190 format must be one of ${XK3190_FORMATS.join(', ')}, got ${chosen}`);
  }
  return chosen as Xk3190Format;
}

function singleFormat(kind: string, format: string | undefined): void {
  if (format !== undefined && format !== '')
    throw new RangeError(`${kind} has one wire format; drop --format ${format}`);
}

const continuous = (format: ContinuousFormatName) =>
  jsonDecoder(continuousFormats[format].createDecoder(), continuousJson);

/** Yaohua XK3190 indicators: four continuous formats and command mode. */
export const scaleXk3190: DeviceKind = {
  kind: 'scale-xk3190',
  description: 'Yaohua XK3190 weighing indicator (continuous tf0/tf1/tf2/A12 or command mode)',
  formats: XK3190_FORMATS,
  defaultFormat: 'tf0',
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  createJsonDecoder(format) {
    const chosen = xk3190Format(format);
    return chosen === 'cmd'
      ? jsonDecoder(createYaohuaCommandDecoder(), yaohuaCommandJson)
      : continuous(chosen);
  },
  createSimulator(transport: ByteTransport, format?: string) {
    const chosen = xk3190Format(format);
    return chosen === 'cmd'
      ? new YaohuaCommandSimulator(transport)
      : new ContinuousScaleSimulator(transport, chosen);
  },
};

/**
 * Mettler-Toledo continuous output. Terminals default to 9600 8N1 today; some
 * older ones ship 7E1 (the 7-bit checksum is a hint), so set it to match.
 */
export const scaleToledo: DeviceKind = {
  kind: 'scale-toledo',
  description: 'Mettler-Toledo terminal, continuous output (18-byte frames)',
  formats: [],
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  createJsonDecoder(format) {
    singleFormat('scale-toledo', format);
    return continuous('toledo');
  },
  createSimulator(transport: ByteTransport, format?: string) {
    singleFormat('scale-toledo', format);
    return new ContinuousScaleSimulator(transport, 'toledo');
  },
};

/** Mettler-Toledo balances and terminals speaking MT-SICS. */
export const scaleSics: DeviceKind = {
  kind: 'scale-sics',
  description: 'Mettler-Toledo MT-SICS balance (S, SI, Z commands)',
  formats: [],
  serial: { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  createJsonDecoder(format) {
    singleFormat('scale-sics', format);
    return jsonDecoder(createSicsReplyDecoder(), sicsJson);
  },
  createSimulator(transport: ByteTransport, format?: string) {
    singleFormat('scale-sics', format);
    return new SicsSimulator(transport);
  },
};

/** A&D balances: their factory default is 2400 bps, 7 data bits, even parity. */
export const scaleAnd: DeviceKind = {
  kind: 'scale-and',
  description: 'A&D balance or indicator, standard 18-byte format (ST,GS,+0012.34kg)',
  formats: [],
  serial: { baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 1 },
  createJsonDecoder(format) {
    singleFormat('scale-and', format);
    return continuous('and');
  },
  createSimulator(transport: ByteTransport, format?: string) {
    singleFormat('scale-and', format);
    return new ContinuousScaleSimulator(transport, 'and');
  },
};

export const scaleDeviceKinds: readonly DeviceKind[] = [scaleXk3190, scaleToledo, scaleSics, scaleAnd];
