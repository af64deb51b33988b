import type { PrinterStatus, StatusQuery } from './status.ts';

export type PrintFailureCode = 'paper-out' | 'cover-open' | 'offline' | 'error' | 'timeout' | 'disconnected';

/**
 * Why a job did not (fully) print. `before-job`: nothing was sent, the
 * receipt can safely go to another printer. `during-job`: the job was sent
 * (perhaps in part) and the printer reported trouble; the receipt may be
 * incomplete. `message` says what a technician or attendant should do.
 */
export interface PrintFailure {
  code: PrintFailureCode;
  stage: 'before-job' | 'during-job';
  message: string;
  /** The status that showed the problem, when the printer answered. */
  status: PrinterStatus | null;
}

/** A status query that failed: no answer, or no link. */
export type QueryFailure =
  { code: 'timeout'; query: StatusQuery; timeoutMs: number } | { code: 'disconnected'; reason: string };

export type PrintWarning = 'paper-near-end';

/** The problem that stops printing, in the order an attendant should fix them. */
export function blockingProblem(
  status: PrinterStatus,
): 'paper-out' | 'cover-open' | 'error' | 'offline' | null {
  if (status.paperOut) return 'paper-out';
  if (status.coverOpen) return 'cover-open';
  if (status.error) return 'error';
  if (status.offline) return 'offline';
  return null;
}

export function statusFailure(
  code: 'paper-out' | 'cover-open' | 'error' | 'offline',
  stage: PrintFailure['stage'],
  status: PrinterStatus,
): PrintFailure {
  const lost =
    stage === 'during-job' ? ' The receipt may be incomplete: check it and reprint if needed.' : '';
  switch (code) {
    case 'paper-out':
      return {
        code,
        stage,
        status,
        message: `Printer is out of paper: load a new roll and close the cover.${lost}`,
      };
    case 'cover-open':
      return {
        code,
        stage,
        status,
        message: `Printer cover is open: close the cover until it clicks.${lost}`,
      };
    case 'error':
      return { code, stage, status, message: `${errorAdvice(status)}${lost}` };
    case 'offline':
      return {
        code,
        stage,
        status,
        message: `Printer is offline: release the feed button and check the printer's panel lights.${lost}`,
      };
  }
}

function errorAdvice(status: PrinterStatus): string {
  const { detail } = status;
  if (detail.cutterError)
    return 'Printer cutter error: open the cover, clear the paper jammed at the cutter, close the cover.';
  if (detail.unrecoverableError)
    return 'Printer has an unrecoverable error: switch it off and on; call service if it persists.';
  if (detail.autoRecoverableError)
    return 'Printer paused itself (print head too hot): wait a minute and retry.';
  return 'Printer reports an error: open and close the cover, or switch it off and on.';
}

export function queryFailure(failure: QueryFailure, stage: PrintFailure['stage']): PrintFailure {
  switch (failure.code) {
    case 'timeout': {
      const what =
        failure.query === 'paper-sensor' ? 'the end-of-job check (GS r 1)' : `DLE EOT ${failure.query}`;
      return {
        code: 'timeout',
        stage,
        status: null,
        message:
          `Printer did not answer ${what} within ${failure.timeoutMs} ms: check that it is switched on and ` +
          'that the cable is seated.',
      };
    }
    case 'disconnected':
      return {
        code: 'disconnected',
        stage,
        status: null,
        message: `Printer is not connected (${failure.reason}): check the USB/serial cable and the power.`,
      };
  }
}
