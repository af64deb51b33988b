import { assertNever } from '@yaofang/shared/result';
import type { DecodeError, StreamDecoder } from '../codec.ts';
import type { AndTareReading } from './and-codec.ts';
import type { ContinuousMessage } from './formats.ts';
import type { SicsReply } from './sics-codec.ts';
import type { WeightReading } from './weight.ts';
import type { YaohuaCommandMessage } from './yaohua-cmd-codec.ts';

/**
 * The `decode` contract: every message becomes a plain JSON object with a
 * `type`. Weights are `{type:'weight', grams, stable, overload, net}`; bytes
 * that form no frame are `{type:'error', reason, bytes}`.
 */
export type JsonMessage = Record<string, unknown> & { type: string };

export function weightJson(
  grams: number,
  stable: boolean | null,
  overload: boolean,
  net: boolean,
): JsonMessage {
  return { type: 'weight', grams, stable, overload, net };
}

const readingJson = (r: WeightReading) => weightJson(r.grams, r.stable, r.overload, r.net);
const tareJson = (r: AndTareReading | { grams: number }): JsonMessage => ({ type: 'tare', grams: r.grams });

export function continuousJson(message: ContinuousMessage): JsonMessage {
  return message.type === 'weight' ? readingJson(message) : tareJson(message);
}

export function yaohuaCommandJson(message: YaohuaCommandMessage): JsonMessage {
  if (message.type === 'command')
    return { type: 'command', address: message.address, command: message.command };
  const command = message.command;
  switch (command) {
    case 'B':
      return weightJson(message.grams, null, false, false);
    case 'D':
      return weightJson(message.grams, null, false, true);
    case 'C':
      return tareJson(message);
    default:
      return assertNever(command, 'Yaohua reading command');
  }
}

export function sicsJson(message: SicsReply): JsonMessage {
  switch (message.type) {
    case 'weight':
      return readingJson(message);
    case 'out-of-range':
      // Over- and underload alike: the contract has one out-of-range flag.
      return weightJson(0, null, true, false);
    case 'busy':
      return { type: 'busy' };
    case 'zero':
      return { type: 'zero', result: message.result };
    case 'command-error':
      return { type: 'device-error', code: message.code };
    default:
      return assertNever(message, 'SICS reply');
  }
}

/** Wrap a typed decoder so it speaks the JSON contract. */
export function jsonDecoder<M>(
  decoder: StreamDecoder<M>,
  toJson: (message: M) => JsonMessage,
): StreamDecoder<JsonMessage> {
  return {
    push: (chunk) => decoder.push(chunk).map((out) => (isDecodeError(out) ? { ...out } : toJson(out))),
    reset: () => decoder.reset(),
  };
}

function isDecodeError(value: unknown): value is DecodeError {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'error';
}
