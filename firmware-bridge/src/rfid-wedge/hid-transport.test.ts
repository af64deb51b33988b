import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LinkHealth } from '../transport/types.ts';
import { FakeHidDevice } from './fake-hid.ts';
import { HidTransport, listHidDevices, nodeHidOpener } from './hid-transport.ts';

describe('HidTransport over an injected HID opener', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens by path and emits each input report as one data chunk', async () => {
    const device = new FakeHidDevice();
    const transport = new HidTransport({ target: { path: '/dev/hidraw7' }, opener: device });
    const chunks: Buffer[] = [];
    transport.onData((chunk) => chunks.push(chunk));
    transport.start();
    await vi.waitFor(() => expect(transport.health().state).toBe('connected'));
    device.report(Uint8Array.of(0, 0, 0x1e, 0, 0, 0, 0, 0));
    device.report(new Uint8Array(8));
    expect(chunks.map((c) => c.toString('hex'))).toEqual(['00001e0000000000', '0000000000000000']);
    expect(transport.name).toBe('hid:/dev/hidraw7');
    expect(device.targets).toEqual([{ path: '/dev/hidraw7' }]);
    await transport.stop();
    expect(device.isOpen).toBe(false);
  });

  it('opens by vendor and product id and writes output reports', async () => {
    const device = new FakeHidDevice();
    const transport = new HidTransport({ target: { vendorId: 0xffff, productId: 0x0035 }, opener: device });
    transport.start();
    await vi.waitFor(() => expect(transport.health().state).toBe('connected'));
    await transport.write(Uint8Array.of(0x00, 0x02));
    expect(transport.name).toBe('hid:ffff:0035');
    expect(device.written).toEqual([Uint8Array.of(0x00, 0x02)]);
    await transport.stop();
    await expect(transport.write(Uint8Array.of(0))).rejects.toThrow(/not open/);
  });

  it('reports the device vanishing and reopens it with backoff once it is back', async () => {
    vi.useFakeTimers();
    const device = new FakeHidDevice();
    // random() = 1 makes each delay its ceiling: 100, 200, 400, 800 (cap) ms.
    const transport = new HidTransport({
      target: { path: '/dev/hidraw0' },
      opener: device,
      reconnectBaseMs: 100,
      reconnectCapMs: 800,
      random: () => 1,
    });
    const states: LinkHealth[] = [];
    transport.onHealth((health) => states.push(health));
    transport.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.health().state).toBe('connected');

    device.unplug('could not read from HID device');
    expect(transport.health()).toMatchObject({
      state: 'disconnected',
      lastError: 'hid:/dev/hidraw0: could not read from HID device',
    });
    // Retries at +100, +300, +700, +1500 ms, all failing while unplugged.
    await vi.advanceTimersByTimeAsync(1499);
    expect(device.openCount).toBe(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(device.openCount).toBe(5);
    expect(transport.health().state).toBe('disconnected');

    device.plug();
    await vi.advanceTimersByTimeAsync(800);
    expect(device.openCount).toBe(6);
    expect(transport.health().state).toBe('connected');
    expect(states.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);

    // Backoff was reset by the successful open: the next loss retries after 100 ms.
    device.unplug();
    device.plug();
    await vi.advanceTimersByTimeAsync(100);
    expect(transport.health().state).toBe('connected');
    await transport.stop();
  });

  it('stop() ends reconnecting and closes an open that completes late', async () => {
    vi.useFakeTimers();
    const device = new FakeHidDevice();
    device.plugged = false;
    const transport = new HidTransport({ target: { path: '/dev/hidraw0' }, opener: device, random: () => 1 });
    transport.start();
    await vi.advanceTimersByTimeAsync(0);
    await transport.stop();
    const opens = device.openCount;
    device.plug();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(device.openCount).toBe(opens);
    expect(transport.health()).toMatchObject({ state: 'disconnected', lastError: null });

    // An open still in flight when stop() runs is closed, not adopted.
    transport.start();
    await transport.stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(device.isOpen).toBe(false);
    expect(transport.health().state).toBe('disconnected');
  });
});

describe('node-hid on this machine', () => {
  it('loads its native binding and enumerates HID devices (the list may be empty)', async () => {
    const devices = await listHidDevices();
    expect(Array.isArray(devices)).toBe(true);
    for (const device of devices) {
      expect(typeof device.vendorId).toBe('number');
      expect(typeof device.keyboard).toBe('boolean');
    }
  });

  it('rejects opening a hidraw path that does not exist (the transport then retries)', async () => {
    await expect(nodeHidOpener.open({ path: '/dev/hidraw-yaofang-missing' })).rejects.toThrow(/cannot open/);
  });
});
