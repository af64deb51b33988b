import { describe, expect, it } from 'vitest';
import { decidePermission } from './permissions.ts';

const AGENT = 'http://127.0.0.1:7400';

describe('decidePermission', () => {
  it.each(['media', 'geolocation', 'notifications', 'hid', 'serial', 'usb', 'clipboard-read', 'fullscreen'])(
    'denies %s even to the agent origin',
    (permission) => {
      expect(decidePermission({ permission, requestingOrigin: AGENT }, AGENT).grant).toBe(false);
    },
  );
  it('denies when the origin is unknown and says why', () => {
    const decision = decidePermission({ permission: 'media', requestingOrigin: undefined }, AGENT);
    expect(decision).toEqual({ grant: false, reason: expect.stringContaining('media') as string });
  });
});
