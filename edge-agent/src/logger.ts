import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { maskIdNumber } from '@yaofang/shared';

/**
 * Keys whose values are personal data. The logger itself removes them, so a
 * careless `log.info({ resident })` cannot write an ID number to disk.
 */
const PERSONAL_KEYS = ['idNumber', 'name', 'uid', 'address', 'photo', 'cardUid'] as const;

export interface LoggerOptions {
  level: string;
  /** Unset: stdout (the journal under systemd). Set: rotated files beside it (`agent.1.log`, …). */
  file?: string;
  rotate?: { maxSizeMb: number; keepFiles: number };
  /** Write here instead (tests capture output through a stream). */
  destination?: LogSink;
}

/** What pino writes serialised lines to. */
export interface LogSink {
  write(line: string): unknown;
  flush?(callback?: (error?: Error) => void): void;
  flushSync?(): void;
  end?(): void;
}

export function createLogger(options: LoggerOptions): Logger {
  const paths = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    { level: options.level, redact: { paths, censor: '[redacted]' }, base: { pid: process.pid } },
    new ScrubbingSink(options.destination ?? openDestination(options)),
  );
}

function openDestination(options: LoggerOptions): LogSink {
  if (!options.file) return pino.destination(1);
  const rotate = options.rotate ?? { maxSizeMb: 10, keepFiles: 10 };
  // pino-roll runs in pino's transport worker; its absolute path avoids
  // resolving the package from the worker's own location.
  const target = createRequire(import.meta.url).resolve('pino-roll');
  return pino.transport({
    target,
    options: {
      file: options.file,
      size: `${rotate.maxSizeMb}m`,
      mkdir: true,
      // `keepFiles` rotated files besides the one being written; files left
      // by an earlier run count too, so restarts cannot fill the disk.
      limit: { count: rotate.keepFiles, removeOtherLogFiles: true },
    },
  });
}

/**
 * The last line of defence: every serialised line passes through here, so
 * an ID number inside a message, an error text or a nested field is masked
 * whatever the caller did, and personal keys are redacted at any depth
 * (pino's `redact` only reaches the depths it is told).
 */
class ScrubbingSink implements LogSink {
  constructor(private readonly inner: LogSink) {}
  write(line: string): unknown {
    return this.inner.write(scrubLogLine(line));
  }
  flush(callback?: (error?: Error) => void): void {
    if (this.inner.flush) this.inner.flush(callback);
    else callback?.();
  }
  flushSync(): void {
    this.inner.flushSync?.();
  }
  end(): void {
    this.inner.end?.();
  }
}

/**
 * 18 characters: a 6-digit region, a birth date 18xx–20xx with a valid month
 * and day, 3 digits, and a digit or X check character. The checksum is not
 * required: a mistyped number is still somebody's. Digits right before or
 * after mean it is part of a longer number, not an ID.
 */
const ID_NUMBER =
  /(?<!\d)[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)/g;
const PERSONAL_STRING_VALUE = new RegExp(`"(${PERSONAL_KEYS.join('|')})":"(?:[^"\\\\]|\\\\.)*"`, 'g');

/** Mask ID numbers anywhere in a serialised line and redact string values of personal keys. */
export function scrubLogLine(line: string): string {
  return line
    .replace(ID_NUMBER, (idNumber) => maskIdNumber(idNumber))
    .replace(PERSONAL_STRING_VALUE, '"$1":"[redacted]"');
}
