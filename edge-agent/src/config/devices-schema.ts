import { z } from 'zod';
import { WEDGE_FORMATS } from '@yaofang/firmware-bridge/rfid-wedge/wedge-format';

/**
 * The `devices` list of a terminal's config, one entry per physical device,
 * discriminated by `kind`. Serial defaults (baud rate) follow the factory
 * settings of each device family (PROTOCOLS.md), so a config only names them
 * when a technician changed the device.
 */

const deviceId = z
  .string({ error: "an id as text, e.g. 'reader-1' (used in logs, telemetry and doctor)" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: "use 1–64 letters, digits, '.', '-' or '_', e.g. 'reader-1'",
  });

const devicePath = z
  .string({ error: "the device path as text, e.g. '/dev/ttyUSB0' or '/dev/serial/by-id/…'" })
  .min(1, { message: "write the device path, e.g. '/dev/ttyUSB0'" });

const serialTransport = (defaultBaudRate: number) =>
  z
    .object({
      type: z.literal('serial'),
      path: devicePath,
      baudRate: z
        .number({ error: `the baud rate as a number without quotes, e.g. ${defaultBaudRate}` })
        .int({ message: `use a whole number, e.g. ${defaultBaudRate}` })
        .positive({ message: `use a positive baud rate, e.g. ${defaultBaudRate}` })
        .default(defaultBaudRate),
    })
    .strict();

const hidVendorProduct = z.union(
  [
    z.number().int().min(0).max(0xffff),
    // `lsusb` prints ids as hex (`1a86:e010`): accept that spelling as well.
    z
      .string()
      .regex(/^(0x)?[0-9a-fA-F]{4}$/)
      .transform((text) => Number.parseInt(text.replace(/^0x/, ''), 16)),
  ],
  { error: "write the USB id as printed by lsusb, e.g. '1a86' (quoted) or 0x1a86" },
);

export const WASTE_CATEGORIES = ['kitchen', 'recyclable', 'hazardous', 'other'] as const;
export const SCALE_PROTOCOLS = [
  'xk3190-tf0',
  'xk3190-tf1',
  'xk3190-tf2',
  'xk3190-a12',
  'xk3190-cmd',
  'toledo',
  'sics',
  'and',
] as const;

const em4100 = z
  .object({
    kind: z.literal('rfid-em4100'),
    id: deviceId,
    transport: serialTransport(9600),
    leaveAfterMs: z.number().int().positive().optional(),
  })
  .strict();

const wedge = z
  .object({
    kind: z.literal('rfid-wedge'),
    id: deviceId,
    // A stable udev symlink (`/dev/yaofang-rfid`) or the USB ids to find the reader by.
    hid: z.union(
      [
        z.object({ path: devicePath }).strict(),
        z.object({ vendorId: hidVendorProduct, productId: hidVendorProduct }).strict(),
      ],
      {
        error:
          "set either hid.path (e.g. '/dev/yaofang-rfid', a udev symlink) or hid.vendorId and hid.productId (from lsusb)",
      },
    ),
    format: z.enum(WEDGE_FORMATS).default('decimal'),
  })
  .strict();

const wiegand = z
  .object({
    kind: z.literal('rfid-wiegand'),
    id: deviceId,
    transport: serialTransport(9600),
    format: z.enum(['hex6', 'dec10']).default('hex6'),
  })
  .strict();

const idcard = z
  .object({
    kind: z.literal('idcard-ga467'),
    id: deviceId,
    transport: serialTransport(115200),
  })
  .strict();

const scale = z
  .object({
    kind: z.literal('scale'),
    id: deviceId,
    transport: serialTransport(9600),
    protocol: z.enum(SCALE_PROTOCOLS),
    /** Equal readings in a row that count as stable (formats without a motion flag). */
    stableCount: z.number().int().min(2).max(100).optional(),
    stableWindowMs: z.number().int().min(100).max(60_000).optional(),
  })
  .strict();

const printer = z
  .object({
    kind: z.literal('printer-escpos'),
    id: deviceId,
    transport: z.discriminatedUnion('type', [
      serialTransport(9600),
      // USB printers under the kernel's usblp driver: `/dev/usb/lp0`.
      z.object({ type: z.literal('device-file'), path: devicePath }).strict(),
    ]),
  })
  .strict();

const bin = z
  .object({
    kind: z.literal('bin-modbus'),
    id: deviceId,
    transport: serialTransport(9600),
    unit: z.number().int().min(1, { message: 'use a Modbus unit id 1–247' }).max(247, {
      message: 'use a Modbus unit id 1–247',
    }),
    compartments: z.number().int().min(1).max(4),
    /** categories[i] is the waste category of compartment i + 1. */
    categories: z.array(z.enum(WASTE_CATEGORIES)).min(1).max(4),
  })
  .strict()
  .superRefine((device, context) => {
    if (device.categories.length !== device.compartments) {
      context.addIssue({
        code: 'custom',
        path: ['categories'],
        message: `list one category per compartment (${device.compartments}), in compartment order, e.g. [${WASTE_CATEGORIES.slice(0, device.compartments).join(', ')}]`,
      });
    }
  });

export const deviceConfigSchema = z.discriminatedUnion('kind', [
  em4100,
  wedge,
  wiegand,
  idcard,
  scale,
  printer,
  bin,
]);
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;
export type DeviceKindName = DeviceConfig['kind'];

/** Every file or device node a device entry names (for path resolution and doctor). */
export function devicePathOf(device: DeviceConfig): string | undefined {
  switch (device.kind) {
    case 'rfid-wedge':
      return 'path' in device.hid ? device.hid.path : undefined;
    case 'rfid-em4100':
    case 'rfid-wiegand':
    case 'idcard-ga467':
    case 'scale':
    case 'printer-escpos':
    case 'bin-modbus':
      return device.transport.path;
  }
}

/** The same device with its path replaced (relative paths are resolved by the loader). */
export function withDevicePath(device: DeviceConfig, path: string): DeviceConfig {
  switch (device.kind) {
    case 'rfid-wedge':
      return 'path' in device.hid ? { ...device, hid: { path } } : device;
    case 'printer-escpos':
      return { ...device, transport: { ...device.transport, path } };
    case 'rfid-em4100':
    case 'rfid-wiegand':
    case 'idcard-ga467':
    case 'scale':
    case 'bin-modbus':
      return { ...device, transport: { ...device.transport, path } };
  }
}
