import { createAndDecoder, encodeAnd, type AndTareReading } from './and-codec.ts';
import type { FrameDecoder } from './frame-decoder.ts';
import { createToledoDecoder, encodeToledo } from './toledo-codec.ts';
import { weightReading, type WeightReading } from './weight.ts';
import { createA12Decoder, encodeA12, encodeA12OutOfRange } from './yaohua-a12-codec.ts';
import { createEqDecoder, encodeEq } from './yaohua-eq-codec.ts';
import { createTf0Decoder, encodeTf0 } from './yaohua-tf0-codec.ts';

/**
 * The continuously streaming formats, described uniformly so one driver and
 * one simulator serve them all. Command formats (Yaohua `cmd`, MT-SICS) have
 * their own driver and simulator.
 */
export const CONTINUOUS_FORMATS = ['tf0', 'tf1', 'tf2', 'a12', 'toledo', 'and'] as const;
export type ContinuousFormatName = (typeof CONTINUOUS_FORMATS)[number];

export type ContinuousMessage = WeightReading | AndTareReading;

/** What the indicator is showing, as a simulator hands it to an encoder. */
export interface DisplayState {
  grams: number;
  motion: boolean;
  overload: boolean;
  net: boolean;
}

export interface ContinuousFormat {
  name: ContinuousFormatName;
  /** Whether frames carry a motion/stability flag (else the driver infers it). */
  stabilityFlag: boolean;
  /** Whether the format can say "out of range" at all. */
  overloadSignal: boolean;
  /** kg decimals the simulator uses unless told otherwise (the spec's examples). */
  defaultDecimals: number;
  createDecoder(): FrameDecoder<ContinuousMessage>;
  /** Throws RangeError when the weight does not fit the display. */
  encode(display: DisplayState, decimals: number): Uint8Array;
}

export const continuousFormats: Record<ContinuousFormatName, ContinuousFormat> = {
  tf0: {
    name: 'tf0',
    stabilityFlag: false,
    overloadSignal: false,
    defaultDecimals: 2,
    createDecoder: createTf0Decoder,
    encode: (d, decimals) => encodeTf0(d.grams, { decimals }),
  },
  tf1: {
    name: 'tf1',
    stabilityFlag: false,
    overloadSignal: false,
    defaultDecimals: 3,
    createDecoder: () => createEqDecoder('tf1'),
    encode: (d, decimals) => encodeEq('tf1', d.grams, { decimals }),
  },
  tf2: {
    name: 'tf2',
    stabilityFlag: false,
    overloadSignal: false,
    defaultDecimals: 3,
    createDecoder: () => createEqDecoder('tf2'),
    encode: (d, decimals) => encodeEq('tf2', d.grams, { decimals }),
  },
  a12: {
    name: 'a12',
    stabilityFlag: false,
    overloadSignal: true,
    defaultDecimals: 3,
    createDecoder: createA12Decoder,
    encode: (d, decimals) =>
      d.overload
        ? encodeA12OutOfRange(d.grams < 0 ? 'under' : 'over')
        : encodeA12(d.grams, { decimals, net: d.net }),
  },
  toledo: {
    name: 'toledo',
    stabilityFlag: true,
    overloadSignal: true,
    defaultDecimals: 2,
    createDecoder: createToledoDecoder,
    encode: (d, decimals) =>
      encodeToledo(d.grams, { decimals, motion: d.motion, overload: d.overload, net: d.net }),
  },
  and: {
    name: 'and',
    stabilityFlag: true,
    overloadSignal: true,
    defaultDecimals: 2,
    createDecoder: createAndDecoder,
    encode: (d, decimals) =>
      encodeAnd(weightReading(d.grams, { stable: !d.motion, overload: d.overload, net: d.net }), {
        decimals,
      }),
  },
};

export function isContinuousFormat(name: string): name is ContinuousFormatName {
  return (CONTINUOUS_FORMATS as readonly string[]).includes(name);
}
