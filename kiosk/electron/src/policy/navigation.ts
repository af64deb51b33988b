/**
 * Where the kiosk window may go and what it may load. The only trusted
 * content is the edge-agent on loopback; everything else is remote content
 * and is refused, whatever a compromised renderer asks for.
 */

export type Decision = { allow: true } | { allow: false; reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Parse the agent URL once at start; a non-loopback agent is a configuration error. */
export function agentOriginOf(agentUrl: string): string {
  const url = new URL(agentUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`agent URL must be http(s), got ${url.protocol}`);
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`agent URL must be on loopback, got ${url.hostname}`);
  }
  return url.origin;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Same scheme, host and port as the agent. */
export function isAgentOrigin(url: string, agentOrigin: string): boolean {
  return parse(url)?.origin === agentOrigin;
}

/** The agent's WebSocket: same host and port, ws for http (wss for https). */
function isAgentSocket(url: URL, agentOrigin: string): boolean {
  const agent = new URL(agentOrigin);
  const scheme = agent.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.protocol === scheme && url.host === agent.host;
}

/** A top-level navigation (will-navigate, will-redirect, will-frame-navigate). */
export function decideNavigation(url: string, agentOrigin: string): Decision {
  if (isAgentOrigin(url, agentOrigin)) return { allow: true };
  return { allow: false, reason: `navigation to ${originLabel(url)} is outside the agent origin` };
}

/** New windows are never opened: the kiosk has one window, and popups are an escape hatch. */
export function decideWindowOpen(url: string): Decision {
  return { allow: false, reason: `window.open(${originLabel(url)}) refused` };
}

/**
 * Any network request of the session (webRequest.onBeforeRequest). `data:`
 * is allowed because the A4 print window is loaded from a data URL by main;
 * devtools' own scheme only when devtools were asked for.
 */
export function decideRequest(url: string, agentOrigin: string, options: { devtools: boolean }): Decision {
  const parsed = parse(url);
  if (!parsed) return { allow: false, reason: 'unparsable URL' };
  if (parsed.origin === agentOrigin || isAgentSocket(parsed, agentOrigin)) return { allow: true };
  if (parsed.protocol === 'data:') return { allow: true };
  if (options.devtools && (parsed.protocol === 'devtools:' || parsed.protocol === 'chrome-extension:')) {
    return { allow: true };
  }
  return { allow: false, reason: `request to ${originLabel(url)} is remote content` };
}

/** Log the origin only: query strings may carry the API token. */
export function originLabel(url: string): string {
  const parsed = parse(url);
  if (!parsed) return '(invalid URL)';
  return parsed.origin === 'null' ? `${parsed.protocol}…` : parsed.origin;
}
