import { describe, expect, it } from 'vitest';
import { bannerItems, bannerKey } from './banner-items.ts';

const fault = { device: 'printer-1', kind: 'printer', code: 'paper-out' };

describe('bannerItems', () => {
  it('is empty when connected, online and healthy', () => {
    expect(bannerItems({ uplink: { connected: true, backlog: 0 }, faults: [] }, 'open')).toEqual([]);
  });
  it('lists connection, faults, then offline uplink', () => {
    const items = bannerItems({ uplink: { connected: false, backlog: 4 }, faults: [fault] }, 'closed');
    expect(items).toEqual([
      { kind: 'connecting' },
      { kind: 'fault', fault },
      { kind: 'offline', backlog: 4 },
    ]);
    expect(items.map(bannerKey)).toEqual(['connecting', 'fault:printer-1:paper-out', 'offline']);
  });
  it('does not claim offline before the agent said anything about the uplink', () => {
    expect(bannerItems({ uplink: null, faults: [] }, 'open')).toEqual([]);
  });
});
