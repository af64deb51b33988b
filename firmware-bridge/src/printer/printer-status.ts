import type { AsbStatus, PaperSensorStatus, PrinterStatus, RealtimeStatus } from './status.ts';

/**
 * Folds status replies into one `PrinterStatus`. Replies not given count as
 * "nothing to report". A stop cause (cover, paper end, error, feed button)
 * implies offline even when the DLE EOT 1 reply is missing: the printer only
 * reports a cause because it stopped.
 */
export function combineStatus(replies: readonly RealtimeStatus[], sensor?: PaperSensorStatus): PrinterStatus {
  const status = emptyStatus();
  let feedingByButton = false;
  for (const reply of replies) {
    switch (reply.request) {
      case 1:
        status.offline ||= reply.offline;
        status.detail.drawerHigh ||= reply.drawerHigh;
        status.detail.waitingForRecovery ||= reply.waitingForRecovery;
        status.detail.feedButtonPressed ||= reply.feedButtonPressed;
        break;
      case 2:
        status.coverOpen ||= reply.coverOpen;
        status.paperOut ||= reply.stoppedAtPaperEnd;
        status.error ||= reply.error;
        feedingByButton ||= reply.feedingByButton;
        break;
      case 3:
        status.detail.recoverableError ||= reply.recoverableError;
        status.detail.cutterError ||= reply.autocutterError;
        status.detail.unrecoverableError ||= reply.unrecoverableError;
        status.detail.autoRecoverableError ||= reply.autoRecoverableError;
        break;
      case 4:
        status.paperNearEnd ||= reply.paperNearEnd;
        status.paperOut ||= reply.paperOut;
        break;
    }
  }
  if (sensor) {
    status.paperNearEnd ||= sensor.paperNearEnd;
    status.paperOut ||= sensor.paperOut;
  }
  const { detail } = status;
  status.error ||=
    detail.cutterError || detail.recoverableError || detail.unrecoverableError || detail.autoRecoverableError;
  status.offline ||= status.coverOpen || status.paperOut || status.error || feedingByButton;
  return status;
}

export function statusFromAsb(asb: AsbStatus): PrinterStatus {
  return combineStatus(
    [
      {
        request: 1,
        drawerHigh: asb.drawerHigh,
        offline: asb.offline,
        waitingForRecovery: false,
        feedButtonPressed: asb.feedButtonPressed,
      },
      {
        request: 2,
        coverOpen: asb.coverOpen,
        feedingByButton: false,
        stoppedAtPaperEnd: false,
        error: false,
      },
      {
        request: 3,
        recoverableError: asb.recoverableError,
        autocutterError: asb.autocutterError,
        unrecoverableError: asb.unrecoverableError,
        autoRecoverableError: asb.autoRecoverableError,
      },
    ],
    { paperNearEnd: asb.paperNearEnd, paperOut: asb.paperOut },
  );
}

export function emptyStatus(): PrinterStatus {
  return {
    paperOut: false,
    paperNearEnd: false,
    coverOpen: false,
    offline: false,
    error: false,
    detail: {
      cutterError: false,
      recoverableError: false,
      unrecoverableError: false,
      autoRecoverableError: false,
      waitingForRecovery: false,
      feedButtonPressed: false,
      drawerHigh: false,
    },
  };
}

export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
