import { err, ok, type Result } from '@yaofang/shared/result';
import { resolveKind, type ResolvedKind } from '../registry.ts';
import { usageFailure, type CliFailure, type CliIo } from './io.ts';

/** One `yaofang-bridge` subcommand. */
export interface Command {
  name: string;
  /** One line for the top-level help. */
  summary: string;
  /** The full `--help` text. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number | CliFailure>;
}

/**
 * Run node:util `parseArgs` (strict) and turn its argument errors into a
 * usage failure; anything else it throws is a bug and propagates.
 */
export function tryParse<T>(parse: () => T): Result<T, CliFailure> {
  try {
    return ok(parse());
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      return err(usageFailure((error as Error).message.split('\n')[0]!));
    }
    throw error;
  }
}

export function required(value: string | undefined, option: string): Result<string, CliFailure> {
  return value === undefined || value === '' ? err(usageFailure(`${option} is required`)) : ok(value);
}

/** A number option: finite, in range (`min` exclusive when `above`), an integer when asked. */
export function numberOption(
  value: string | undefined,
  option: string,
  rules: { min: number; max?: number; above?: boolean; integer?: boolean; fallback: number },
): Result<number, CliFailure> {
  if (value === undefined) return ok(rules.fallback);
  const number = Number(value);
  const tooLow = rules.above ? number <= rules.min : number < rules.min;
  if (
    value.trim() === '' ||
    !Number.isFinite(number) ||
    (rules.integer === true && !Number.isInteger(number)) ||
    tooLow ||
    (rules.max !== undefined && number > rules.max)
  ) {
    const what = rules.integer ? 'an integer' : 'a number';
    const low = `${rules.above ? '>' : '≥'} ${rules.min}`;
    const range = rules.max === undefined ? low : `${low} and ≤ ${rules.max}`;
    return err(usageFailure(`${option} must be ${what} ${range}, got ${JSON.stringify(value)}`));
  }
  return ok(number);
}

/** `--device K [--format F]` checked against the registry. */
export function deviceOption(
  device: string | undefined,
  format: string | undefined,
): Result<ResolvedKind, CliFailure> {
  const name = required(device, '--device KIND');
  if (!name.ok) return name;
  const resolved = resolveKind(name.value, format);
  return resolved.ok ? resolved : err(usageFailure(resolved.error.message));
}
