import { describe, expect, it } from 'vitest';
import { kioskEntryUrl, kioskOptionsFrom } from './options.ts';

describe('kioskOptionsFrom', () => {
  it('defaults to the agent on loopback port 7400 with devtools off', () => {
    expect(kioskOptionsFrom(['/opt/yaofang/kiosk'], {})).toEqual({
      agentUrl: 'http://127.0.0.1:7400',
      agentOrigin: 'http://127.0.0.1:7400',
      tokenFile: '/var/lib/yaofang/api-token',
      devtools: false,
      hideCursor: false,
      relaunchAttempt: 0,
    });
  });

  it('reads flags and the environment', () => {
    const options = kioskOptionsFrom(['kiosk', '--devtools', '--hide-cursor', '--yf-relaunch-attempt=2'], {
      YF_AGENT_URL: 'http://localhost:7555/',
      YF_TOKEN_FILE: '/run/yf/token',
    });
    expect(options).toMatchObject({
      agentOrigin: 'http://localhost:7555',
      tokenFile: '/run/yf/token',
      devtools: true,
      hideCursor: true,
      relaunchAttempt: 2,
    });
  });

  it('refuses an agent that is not on loopback', () => {
    expect(() => kioskOptionsFrom([], { YF_AGENT_URL: 'http://10.0.0.8:7400' })).toThrow(/loopback/);
  });
});

describe('kioskEntryUrl', () => {
  it('encodes the token', () => {
    expect(kioskEntryUrl('http://127.0.0.1:7400', 'a+b/c')).toBe('http://127.0.0.1:7400/?token=a%2Bb%2Fc');
  });
});
