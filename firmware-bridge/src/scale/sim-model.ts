import type { DisplayState } from './formats.ts';
import { parseDecimalGrams } from './weight.ts';

/**
 * The physical side every scale simulator shares: the load on the platform,
 * whether it is moving, out of range or silent. In motion the shown weight
 * walks a fixed cycle of offsets (in display steps) that starts at 0 and
 * never repeats a value twice in a row, so the first moving frame matches the
 * spec's "same weight, motion flag set" example and inferred stability never
 * mistakes motion for rest.
 */
const MOTION_STEPS = [0, 3, -2, 5, -4] as const;

export class ScaleModel {
  loadGrams = 0;
  motion = false;
  overload = false;
  silent = false;
  private phase = 0;

  constructor(public decimals: number) {}

  /** Grams per display step at the current decimals (at least 1 g). */
  get stepGrams(): number {
    return this.decimals >= 3 ? 1 : 10 ** (3 - this.decimals);
  }

  setMotion(on: boolean): void {
    this.motion = on;
    this.phase = 0;
  }

  /** What the display shows for the next frame or reply, after `offsetGrams` (zero/tare). */
  nextDisplay(offsetGrams = 0, net = false): DisplayState {
    let grams = this.loadGrams - offsetGrams;
    if (this.motion) {
      grams += MOTION_STEPS[this.phase % MOTION_STEPS.length]! * this.stepGrams;
      this.phase++;
    }
    return { grams, motion: this.motion, overload: this.overload, net };
  }
}

/** One parsed control line. */
export type ScaleSimCommand =
  | { kind: 'grams'; grams: number }
  | { kind: 'motion' | 'overload' | 'silent'; on: boolean }
  | { kind: 'garbage' }
  | { kind: 'decimals'; decimals: number }
  | { kind: 'tare'; clear: boolean };

export const COMMON_COMMANDS = [
  'weight <kg>',
  'grams <g>',
  'motion on|off',
  'overload on|off',
  'silent on|off',
  'garbage',
  'decimals <0-4>',
];

export function parseScaleSimCommand(line: string): ScaleSimCommand | { error: string } {
  const [verb = '', arg, ...rest] = line.trim().split(/\s+/);
  if (rest.length > 0) return { error: `too many arguments: ${line.trim()}` };
  const onOff = (kind: 'motion' | 'overload' | 'silent') =>
    arg === 'on' || arg === 'off' ? { kind, on: arg === 'on' } : { error: `${kind} takes on|off` };
  switch (verb) {
    case 'weight': {
      const grams = arg === undefined ? null : parseDecimalGrams(arg, 3);
      return grams === null
        ? { error: 'weight takes kilograms, e.g. weight 1.25' }
        : { kind: 'grams', grams };
    }
    case 'grams':
      return arg !== undefined && /^-?\d{1,9}$/.test(arg)
        ? { kind: 'grams', grams: Number(arg) }
        : { error: 'grams takes an integer, e.g. grams 1250' };
    case 'motion':
    case 'overload':
    case 'silent':
      return onOff(verb);
    case 'garbage':
      return arg === undefined ? { kind: 'garbage' } : { error: 'garbage takes no argument' };
    case 'decimals':
      return arg !== undefined && /^[0-5]$/.test(arg)
        ? { kind: 'decimals', decimals: Number(arg) }
        : { error: 'decimals takes 0–5' };
    case 'tare':
      return arg === undefined || arg === 'clear'
        ? { kind: 'tare', clear: arg === 'clear' }
        : { error: 'tare [clear]' };
    default:
      return { error: `unknown command ${JSON.stringify(verb)}` };
  }
}

/**
 * Bytes a noisy line might carry: no complete frame of any format, but a
 * start byte (STX, `=`) and a CR LF inside, so decoders must resynchronise.
 */
export const GARBAGE = Uint8Array.from([0xff, 0x00, 0x02, 0x7e, 0x3d, 0x0d, 0x0a, 0x55, 0xaa]);
