/**
 * One JSON line per event on stdout, which systemd sends to the journal —
 * the same shape as the edge-agent's log, so one `journalctl` query reads both.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface KioskLog {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
}

export function jsonLog(write: (line: string) => void = (line) => process.stdout.write(line)): KioskLog {
  const emit = (level: string, msg: string, fields: LogFields = {}) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), name: 'kiosk', msg, ...fields })}\n`);
  return {
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
  };
}
