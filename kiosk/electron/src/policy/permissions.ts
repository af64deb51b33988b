/**
 * Web permissions (camera, microphone, geolocation, notifications, HID,
 * serial, USB, clipboard, fullscreen requests …). The kiosk needs none: its
 * devices belong to the edge-agent, so every request and every check is
 * denied. Kept as a function so a future exception is one reviewed line.
 */

export interface PermissionQuery {
  permission: string;
  /** Origin of the frame asking, when Electron knows it. */
  requestingOrigin: string | undefined;
}

export type PermissionDecision = { grant: false; reason: string } | { grant: true };

export function decidePermission(query: PermissionQuery, _agentOrigin: string): PermissionDecision {
  return {
    grant: false,
    reason: `permission "${query.permission}" is never granted to the kiosk (origin ${query.requestingOrigin ?? 'unknown'})`,
  };
}
