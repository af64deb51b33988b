import pino, { type Logger } from 'pino';

/**
 * Keys whose values are personal data. The logger itself removes them, so a
 * careless `log.info({ resident })` cannot write an ID number to disk.
 */
const PERSONAL_KEYS = ['idNumber', 'name', 'uid', 'address', 'photo', 'cardUid'];

export function createLogger(options: { level: string; file?: string }): Logger {
  const paths = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
  return pino(
    { level: options.level, redact: { paths, censor: '[redacted]' }, base: { pid: process.pid } },
    options.file ? pino.destination({ dest: options.file, mkdir: true, sync: false }) : pino.destination(1),
  );
}
