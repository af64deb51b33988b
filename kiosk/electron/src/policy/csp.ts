/**
 * The kiosk's Content-Security-Policy. The renderer's index.html carries the
 * same policy in a meta tag (for Chromium in browser mode); main also sets it
 * as a response header on everything from the agent, because a header also
 * covers responses without the meta tag and supports frame-ancestors.
 */
export const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
].join('; ');

export type ResponseHeaders = Record<string, string[]>;

/** Headers with our CSP (and friends) replacing whatever the response carried. */
export function withSecurityHeaders(headers: ResponseHeaders | undefined): ResponseHeaders {
  const kept = Object.fromEntries(
    Object.entries(headers ?? {}).filter(
      ([name]) => !['content-security-policy', 'x-content-type-options'].includes(name.toLowerCase()),
    ),
  );
  return {
    ...kept,
    'Content-Security-Policy': [KIOSK_CSP],
    'X-Content-Type-Options': ['nosniff'],
  };
}
