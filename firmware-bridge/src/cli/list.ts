import { parseArgs } from 'node:util';
import type { HidDeviceInfo } from '../rfid-wedge/hid-transport.ts';
import { tryParse, type Command } from './args.ts';
import { EXIT_OK, errorMessage, type CliFailure, type CliIo } from './io.ts';

const USAGE = `Usage: yaofang-bridge list [--json]

List serial ports and HID devices on this machine: where to point a driver
(/dev/ttyUSB0…) and which HID device is a keyboard-wedge reader.

  --json   print one JSON object {"serial":[…],"hid":[…],"errors":[…]}
`;

export interface SerialPortEntry {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

/** Where the devices come from; the real one asks serialport and node-hid. */
export interface DeviceLister {
  serialPorts(): Promise<SerialPortEntry[]>;
  hidDevices(): Promise<HidDeviceInfo[]>;
}

export const systemLister: DeviceLister = {
  async serialPorts() {
    const { SerialPort } = await import('serialport');
    return SerialPort.list();
  },
  async hidDevices() {
    const { listHidDevices } = await import('../rfid-wedge/hid-transport.ts');
    return listHidDevices();
  },
};

export interface DeviceListing {
  serial: SerialPortEntry[];
  hid: HidDeviceInfo[];
  /** A source that could not be read (no permission, native module missing…). */
  errors: string[];
}

export async function listDevices(lister: DeviceLister): Promise<DeviceListing> {
  const errors: string[] = [];
  const attempt = async <T>(what: string, read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (error) {
      errors.push(`cannot list ${what}: ${errorMessage(error)}`);
      return [];
    }
  };
  const serial = await attempt('serial ports', () => lister.serialPorts());
  const hid = await attempt('HID devices', () => lister.hidDevices());
  return { serial, hid, errors };
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function formatListing(listing: DeviceListing): string {
  const serialRows = listing.serial.map((port) => [
    port.path,
    port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : '-',
    port.manufacturer ?? '-',
    port.serialNumber ?? '-',
  ]);
  const hidRows = listing.hid.map((device) => [
    device.path ?? '-',
    `${hex4(device.vendorId)}:${hex4(device.productId)}`,
    device.product ?? '-',
    device.manufacturer ?? '-',
    device.keyboard ? 'keyboard' : '',
  ]);
  const sections = [
    'Serial ports',
    serialRows.length > 0 ? table(['PATH', 'VID:PID', 'MANUFACTURER', 'SERIAL'], serialRows) : '  (none)',
    '',
    'HID devices',
    hidRows.length > 0 ? table(['PATH', 'VID:PID', 'PRODUCT', 'MANUFACTURER', 'USAGE'], hidRows) : '  (none)',
  ];
  return `${sections.join('\n')}\n`;
}

export function createListCommand(lister: DeviceLister = systemLister): Command {
  return {
    name: 'list',
    summary: 'list serial ports and HID devices',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number | CliFailure> {
      const parsed = tryParse(() =>
        parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: false, strict: true }),
      );
      if (!parsed.ok) return parsed.error;
      const listing = await listDevices(lister);
      if (parsed.value.values.json) {
        io.stdout.write(`${JSON.stringify(listing)}\n`);
      } else {
        io.stdout.write(formatListing(listing));
        for (const error of listing.errors) io.stderr.write(`warning: ${error}\n`);
      }
      return EXIT_OK;
    },
  };
}
