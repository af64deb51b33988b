/** One line of `yaofang-edge doctor`: how it went, what was checked, what to do. */
export interface CheckResult {
  status: 'ok' | 'warn' | 'fail';
  /** Short name, e.g. `serial reader-1` or `broker`. */
  check: string;
  /** What was found and, unless ok, what to do about it. One line. */
  detail: string;
}

export const okCheck = (check: string, detail: string): CheckResult => ({ status: 'ok', check, detail });
export const warnCheck = (check: string, detail: string): CheckResult => ({ status: 'warn', check, detail });
export const failCheck = (check: string, detail: string): CheckResult => ({ status: 'fail', check, detail });

/** `ok    data dir  /var/lib/yaofang is writable`, columns aligned across the report. */
export function formatChecks(results: readonly CheckResult[]): string {
  const width = Math.max(0, ...results.map((result) => result.check.length));
  return results
    .map((result) => `${result.status.padEnd(4)}  ${result.check.padEnd(width)}  ${result.detail}`)
    .join('\n');
}

/** 0 when nothing failed (warnings are advice), 1 otherwise. */
export function doctorExitCode(results: readonly CheckResult[]): number {
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}

/** The `code` of a Node system error, e.g. `EACCES`. */
export function errorCode(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error ? String(error.code) : 'UNKNOWN';
}
