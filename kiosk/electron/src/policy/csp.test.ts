import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIOSK_CSP, withSecurityHeaders } from './csp.ts';

describe('withSecurityHeaders', () => {
  it('replaces a CSP of any case and keeps other headers', () => {
    const headers = withSecurityHeaders({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    });
    expect(headers['Content-Security-Policy']).toEqual([KIOSK_CSP]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
  it('adds the CSP when the response had no headers', () => {
    expect(withSecurityHeaders(undefined)['Content-Security-Policy']).toEqual([KIOSK_CSP]);
  });
});

describe('KIOSK_CSP', () => {
  it('allows no inline script, eval or remote origin', () => {
    expect(KIOSK_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*\.|\s\*(;|$)/);
  });

  it('agrees with the meta policy of the renderer for every directive the meta tag sets', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const directives = new Map(KIOSK_CSP.split('; ').map((d) => [d.split(' ')[0], d]));
    for (const directive of meta!.split(';').map((d) => d.trim())) {
      expect(directives.get(directive.split(' ')[0])).toBe(directive);
    }
  });
});
