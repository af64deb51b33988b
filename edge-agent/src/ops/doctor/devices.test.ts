import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '@yaofang/firmware-bridge';
import type { DeviceConfig } from '../../config/schema.ts';
import { checkDevices, type DeviceFacts } from './devices.ts';

const dir = mkdtempSync(join(tmpdir(), 'yf-doctor-dev-'));
let pty: PtyPair | null = null;
beforeAll(async () => {
  // A real pseudo-terminal, opened exactly like /dev/ttyUSB0 would be.
  pty = await startPtyPair(join(dir, 'reader-sim'), join(dir, 'ttyRFID0'));
});
afterAll(async () => {
  await pty?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const facts = (overrides: Partial<DeviceFacts> = {}): DeviceFacts => ({
  userGroups: ['yaofang'],
  groupName: () => 'dialout',
  listHid: () => Promise.resolve([]),
  ...overrides,
});

const reader = (path: string): DeviceConfig => ({
  kind: 'rfid-em4100',
  id: 'reader-1',
  transport: { type: 'serial', path, baudRate: 9600 },
});

describe('doctor: device checks', () => {
  it('a missing serial path fails, says where to look and, for a user outside dialout, how to join it', async () => {
    const [result] = await checkDevices([reader('/dev/ttyUSB-nope')], facts());
    expect(result).toEqual({
      status: 'fail',
      check: 'device reader-1',
      detail:
        '/dev/ttyUSB-nope is not present: plug the device in, find its name (ls -l /dev/serial/by-id/ /dev/yaofang-*) and set devices[0].transport.path; the user is not in dialout either: add the user to the dialout group: sudo usermod -aG dialout $USER, then log in again',
    });
  });

  it('a missing path for a user already in dialout does not repeat the group advice', async () => {
    const [result] = await checkDevices([reader('/dev/ttyUSB-nope')], facts({ userGroups: ['dialout'] }));
    expect(result?.status).toBe('fail');
    expect(result?.detail).not.toContain('usermod');
  });

  it('a present pty opens: ok', async () => {
    const [result] = await checkDevices([reader(join(dir, 'ttyRFID0'))], facts());
    expect(result).toEqual({
      status: 'ok',
      check: 'device reader-1',
      detail: `${join(dir, 'ttyRFID0')} present and openable`,
    });
  });

  it('a path that is a regular file warns about a typo', async () => {
    writeFileSync(join(dir, 'not-a-tty'), '');
    const [result] = await checkDevices([reader(join(dir, 'not-a-tty'))], facts());
    expect(result?.status).toBe('warn');
    expect(result?.detail).toMatch(/opens but is not a device node: check devices\[0\]\.transport\.path/);
  });

  it('a keyboard-wedge reader by USB ids: absent → lsusb hint; present → its hidraw node is checked', async () => {
    const wedge: DeviceConfig = {
      kind: 'rfid-wedge',
      id: 'wedge-1',
      hid: { vendorId: 0x1a86, productId: 0xe010 },
      format: 'decimal',
    };
    const [absent] = await checkDevices(
      [wedge],
      facts({ listHid: () => Promise.resolve([{ vendorId: 0x1a86, productId: 0x7523 }]) }),
    );
    expect(absent?.status).toBe('fail');
    expect(absent?.detail).toMatch(
      /no HID device 1a86:e010: plug the reader in and check lsusb \| grep -i 1a86:e010/,
    );

    const listHid = () =>
      Promise.resolve([{ vendorId: 0x1a86, productId: 0xe010, path: join(dir, 'hidraw-gone') }]);
    const [present] = await checkDevices([wedge], facts({ listHid }));
    expect(present?.detail).toMatch(/hidraw-gone is not present: .*ls -l \/dev\/hidraw\*/);

    const [byPath] = await checkDevices([{ ...wedge, hid: { path: join(dir, 'ttyRFID0') } }], facts());
    expect(byPath?.status).toBe('ok');
  });

  it('checks printers on a device file and every serial kind', async () => {
    const results = await checkDevices(
      [
        {
          kind: 'printer-escpos',
          id: 'printer-1',
          transport: { type: 'device-file', path: '/dev/usb/lp-nope' },
        },
        {
          kind: 'scale',
          id: 'scale-1',
          transport: { type: 'serial', path: join(dir, 'ttyRFID0'), baudRate: 9600 },
          protocol: 'toledo',
        },
      ],
      facts(),
    );
    expect(results.map((r) => [r.status, r.check])).toEqual([
      ['fail', 'device printer-1'],
      ['ok', 'device scale-1'],
    ]);
    expect(results[0]?.detail).toMatch(/ls -l \/dev\/usb\//);
  });
});
