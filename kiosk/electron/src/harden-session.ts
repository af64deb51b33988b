import type { Session } from 'electron';
import { withSecurityHeaders } from './policy/csp.ts';
import { decideRequest, isAgentOrigin, originLabel } from './policy/navigation.ts';
import { decidePermission } from './policy/permissions.ts';
import type { KioskLog } from './log.ts';

/**
 * Locks down a session: every permission request and check denied, every
 * request outside the agent's origin cancelled, our CSP on every agent
 * response, no downloads. Decisions live in ./policy; this only wires them.
 */
export function hardenSession(ses: Session, agentOrigin: string, devtools: boolean, log: KioskLog): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const decision = decidePermission(
      { permission, requestingOrigin: originLabel(details.requestingUrl) },
      agentOrigin,
    );
    if (!decision.grant) log.warn('permission request denied', { permission, reason: decision.reason });
    callback(decision.grant);
  });
  // Checks are synchronous "would you grant?" queries (navigator.permissions, HID, serial, …).
  ses.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      decidePermission({ permission, requestingOrigin }, agentOrigin).grant,
  );
  ses.setDevicePermissionHandler(
    (details) =>
      decidePermission({ permission: details.deviceType, requestingOrigin: details.origin }, agentOrigin)
        .grant,
  );
  // An empty answer refuses screen capture.
  ses.setDisplayMediaRequestHandler((_request, callback) => {
    log.warn('display capture refused');
    callback({});
  });

  ses.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideRequest(details.url, agentOrigin, { devtools });
    if (!decision.allow)
      log.warn('request blocked', { url: originLabel(details.url), reason: decision.reason });
    callback({ cancel: !decision.allow });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAgentOrigin(details.url, agentOrigin)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });

  ses.on('will-download', (event, item) => {
    log.warn('download refused', { url: originLabel(item.getURL()) });
    event.preventDefault();
  });
}
