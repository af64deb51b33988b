import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import {
  BinSimulator,
  createMemoryLink,
  Em4100Simulator,
  type BinEvent,
  type ByteTransport,
  type MemoryLink,
} from '@yaofang/firmware-bridge';
import type { DeviceConfig } from '../config/schema.ts';
import type { CardReaderEvent } from './device-handles.ts';
import { Devices } from './devices.ts';
import type { TransportFactory } from './transports.ts';

const serial = (path: string) => ({ type: 'serial' as const, path, baudRate: 9600 });
const CONFIG: DeviceConfig[] = [
  { kind: 'rfid-em4100', id: 'reader-1', transport: serial('/dev/rfid') },
  { kind: 'rfid-wedge', id: 'wedge-1', hid: { path: '/dev/hidraw0' }, format: 'decimal' },
  { kind: 'rfid-wiegand', id: 'wiegand-1', transport: serial('/dev/wiegand'), format: 'hex6' },
  { kind: 'idcard-ga467', id: 'idcard-1', transport: serial('/dev/idcard') },
  { kind: 'scale', id: 'scale-1', transport: serial('/dev/scale'), protocol: 'xk3190-tf0' },
  { kind: 'printer-escpos', id: 'printer-1', transport: { type: 'device-file', path: '/dev/usb/lp0' } },
  {
    kind: 'bin-modbus',
    id: 'bin-1',
    transport: serial('/dev/bin'),
    unit: 1,
    compartments: 2,
    categories: ['kitchen', 'other'],
  },
];

/** Memory links by path; every open makes a new link, as a re-opened port would be. */
function memoryTransports() {
  const links = new Map<string, MemoryLink[]>();
  const open = (path: string): ByteTransport => {
    const link = createMemoryLink(path);
    links.set(path, [...(links.get(path) ?? []), link]);
    return link.host;
  };
  const factory: TransportFactory = {
    serial: ({ path }) => open(path),
    deviceFile: (path) => open(path),
    hid: (target) => open('path' in target ? target.path : 'hid'),
  };
  return {
    factory,
    latest: (path: string) => links.get(path)!.at(-1)!,
    opens: (path: string) => links.get(path)!.length,
  };
}

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('Devices', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function start() {
    const transports = memoryTransports();
    const devices = Devices.start({
      devices: CONFIG,
      log: pino({ level: 'silent' }),
      transports: transports.factory,
    });
    cleanups.push(() => devices.stop());
    return { devices, transports };
  }

  it('starts every configured kind behind its typed handle, all supervised in config order', () => {
    const { devices } = start();
    expect(devices.ids()).toEqual(CONFIG.map((device) => device.id));
    expect(devices.cardReaders.map((reader) => reader.kind)).toEqual([
      'rfid-em4100',
      'rfid-wedge',
      'rfid-wiegand',
    ]);
    expect(devices.idCardReader?.id).toBe('idcard-1');
    expect(devices.scale?.protocol).toBe('xk3190-tf0');
    expect(devices.printer?.id).toBe('printer-1');
    expect(devices.bin?.compartments).toBe(2);
    expect(devices.all.every((device) => device.health().state === 'connected')).toBe(true);
  });

  it('keeps card listeners across a reset, which opens a fresh transport', async () => {
    const { devices, transports } = start();
    const seen: CardReaderEvent[] = [];
    devices.cardReaders[0]!.onCard((event) => seen.push(event));
    const tap = (link: MemoryLink) => {
      const sim = new Em4100Simulator(link.device, { tapMs: 30 });
      sim.start();
      cleanups.push(() => sim.stop());
      sim.tap('0F0030C2A4');
    };

    tap(transports.latest('/dev/rfid'));
    await until('the first presentation', () => seen.length > 0);
    const reset = await devices.reset('reader-1');
    expect(reset.ok && reset.value.kind).toBe('rfid-em4100');
    expect(transports.opens('/dev/rfid')).toBe(2);

    tap(transports.latest('/dev/rfid'));
    await until(
      'a presentation after the reset',
      () => seen.filter((e) => e.type === 'card.presented').length === 2,
    );
    expect(seen[0]).toMatchObject({ type: 'card.presented', uid: '0F0030C2A4' });
  });

  it('refuses to reset an unknown device, naming the known ones', async () => {
    const { devices } = start();
    expect(await devices.reset('nope')).toEqual({
      ok: false,
      error: `no device "nope" on this station; known: ${CONFIG.map((d) => d.id).join(', ')}`,
    });
  });

  it('opens a bin lid through the controller and reports the change from the poller', async () => {
    const { devices, transports } = start();
    const sim = new BinSimulator(transports.latest('/dev/bin').device, { compartments: 2, lidTravelMs: 20 });
    sim.start();
    cleanups.push(() => sim.stop());
    const events: BinEvent[] = [];
    devices.bin!.onEvent((event) => events.push(event));
    await until('a first poll', () => devices.bin!.lastKnown(0) !== null);

    expect(await devices.bin!.openLid(0)).toEqual({ code: 'ok', value: null });
    await until('the lid open', () => events.some((e) => e.type === 'lid-changed' && e.to === 'open'));
    expect(sim.model.compartment(0).lid).toBe('open');
  });

  it('says a scale without a host zero command cannot be zeroed', async () => {
    const { devices } = start();
    expect(devices.scale!.canZero).toBe(false);
    const zero = await devices.scale!.zero();
    expect(!zero.ok && zero.error.code).toBe('unsupported');
  });
});
