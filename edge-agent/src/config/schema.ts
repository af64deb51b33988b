import { z } from 'zod';
import { isValidStationId } from '@yaofang/shared';
import { deviceConfigSchema } from './devices-schema.ts';
import { parsePinHash } from '../technician/pin.ts';

export {
  deviceConfigSchema,
  devicePathOf,
  SCALE_PROTOCOLS,
  WASTE_CATEGORIES,
  type DeviceConfig,
  type DeviceKindName,
} from './devices-schema.ts';

const MIB = 1024 * 1024;

const filePath = (example: string) =>
  z
    .string({ error: `a file path as text, e.g. '${example}'` })
    .min(1, { message: `write a file path, e.g. '${example}'` });

/** `mqtt://host:1883`, with a host, a valid port if any, and a scheme mqtt.js speaks. */
const brokerUrl = z
  .string({ error: "the broker URL as text, e.g. 'mqtt://127.0.0.1:1883'" })
  .regex(/^(mqtts?|wss?|tcp|ssl):\/\//, {
    message: "must start with mqtt://, mqtts://, ws:// or wss://, e.g. 'mqtt://127.0.0.1:1883'",
    abort: true,
  })
  .refine((url) => URL.canParse(url) && new URL(url).hostname !== '', {
    message: "is not a valid URL with a host (and a port 1–65535), e.g. 'mqtts://broker.example.gov.cn:8883'",
  });

const tls = z
  .object({
    caFile: filePath('/var/lib/yaofang/keys/ca.pem').optional(),
    certFile: filePath('/var/lib/yaofang/keys/client.pem').optional(),
    keyFile: filePath('/var/lib/yaofang/keys/client.key').optional(),
    /** Only for a lab broker with a self-signed certificate; never on a terminal. */
    rejectUnauthorized: z.boolean().default(true),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.certFile && !value.keyFile)
      context.addIssue({
        code: 'custom',
        path: ['keyFile'],
        message:
          'certFile is set, so the client key is needed too: set mqtt.tls.keyFile to its PEM file (or remove certFile)',
      });
    if (value.keyFile && !value.certFile)
      context.addIssue({
        code: 'custom',
        path: ['certFile'],
        message:
          'keyFile is set, so the client certificate is needed too: set mqtt.tls.certFile to its PEM file (or remove keyFile)',
      });
  });

const mqtt = z
  .object({
    url: brokerUrl,
    /** Defaults to `yf-edge-{stationId}`; must be unique on the broker. */
    clientId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/, {
        message: "use 1–128 letters, digits, '.', ':', '-' or '_', unique on the broker",
      })
      .optional(),
    protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
    keepaliveSeconds: z.number().int().min(5).max(3600).default(30),
    inflightWindow: z.number().int().min(1).max(1000).default(64),
    reconnectBaseMs: z.number().int().min(10).default(500),
    reconnectCapMs: z.number().int().min(100).default(30_000),
    tls: tls.optional(),
  })
  .strict();

const api = z
  .object({
    host: z.literal('127.0.0.1').default('127.0.0.1'),
    port: z
      .number({ error: 'a port number without quotes, e.g. 7400 (0 picks a free port)' })
      .int()
      .min(0, { message: 'use a port 0–65535, e.g. 7400' })
      .max(65535, { message: 'use a port 0–65535, e.g. 7400' })
      .default(7400),
    tokenFile: filePath('/var/lib/yaofang/api-token').optional(),
    kioskDir: filePath('/opt/yaofang/kiosk/dist/renderer').optional(),
  })
  .strict();

const store = z
  .object({
    /** Confirmed rows older than this are pruned; pending rows never are. */
    retentionDays: z
      .number()
      .int()
      .min(1, { message: 'keep confirmed rows at least 1 day, e.g. 30' })
      .max(3650)
      .default(30),
    /** Cap of the unsent backlog on disk. */
    maxBytes: z
      .number()
      .int()
      .min(16 * MIB, { message: `use at least 16 MiB (${16 * MIB}); the default is 512 MiB (${512 * MIB})` })
      .default(512 * MIB),
    /** At the cap, drop telemetry-class rows first (ledger events are never dropped). */
    droppableFirst: z.boolean().default(true),
  })
  .strict();

const log = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** Unset: JSON lines on stdout (the journal). Set: rotated files `name.N.log` beside it. */
    file: filePath('/var/log/yaofang/agent.log').optional(),
    rotate: z
      .object({
        maxSizeMb: z.number().int().min(1).max(1024).default(10),
        keepFiles: z.number().int().min(1).max(1000).default(10),
      })
      .strict()
      .default({ maxSizeMb: 10, keepFiles: 10 }),
  })
  .strict();

const technician = z
  .object({
    /** scrypt hash of the technicians' PIN (`yaofang-edge hash-pin`); unset: technician mode is off. */
    pinHash: z
      .string({ error: 'the output of `yaofang-edge hash-pin` as text, in quotes' })
      .superRefine((text, context) => {
        const parsed = parsePinHash(text);
        if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error });
      })
      .optional(),
    /** Wrong PINs in a row before the login locks. */
    maxFailures: z.number().int().min(1).max(20).default(5),
    lockoutMinutes: z.number().int().min(1).max(1440).default(15),
    /** The maintenance pages close after this long without a technician's action. */
    idleMinutes: z.number().int().min(1).max(120).default(10),
    /** Where log exports may go: folders (USB sticks) one or two levels under these. */
    exportRoots: z.array(filePath('/media')).default(['/media', '/run/media', '/mnt']),
  })
  .strict();

/** One terminal's configuration (ARCHITECTURE.md "Configuration"). */
export const configSchema = z
  .object({
    stationId: z.string().refine(isValidStationId, {
      message: "use 1–64 letters, digits, '-' or '_', e.g. 'GL-0001'",
    }),
    role: z.enum(['hall', 'waste', 'both']),
    dataDir: filePath('/var/lib/yaofang').default('./data'),
    districtKeyFile: filePath('/var/lib/yaofang/keys/district.key'),
    /** The central platform's Ed25519 public key (PEM) that signs commands and rules. */
    centralPublicKeyFile: filePath('/var/lib/yaofang/keys/central.pub.pem').optional(),
    mqtt,
    api: api.default({ host: '127.0.0.1', port: 7400 }),
    store: store.default({ retentionDays: 30, maxBytes: 512 * MIB, droppableFirst: true }),
    telemetry: z
      .object({ intervalSeconds: z.number().int().min(5).max(86_400).default(60) })
      .strict()
      .default({ intervalSeconds: 60 }),
    commands: z
      .object({
        /** How far `issuedAt`/`expiresAt` may be off this terminal's clock. */
        skewToleranceSeconds: z.number().int().min(0).max(86_400).default(300),
      })
      .strict()
      .default({ skewToleranceSeconds: 300 }),
    devices: z.array(deviceConfigSchema).default([]),
    technician: technician.default({
      maxFailures: 5,
      lockoutMinutes: 15,
      idleMinutes: 10,
      exportRoots: ['/media', '/run/media', '/mnt'],
    }),
    log: log.default({ level: 'info', rotate: { maxSizeMb: 10, keepFiles: 10 } }),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Map<string, number>();
    config.devices.forEach((device, index) => {
      const first = seen.get(device.id);
      if (first === undefined) seen.set(device.id, index);
      else
        context.addIssue({
          code: 'custom',
          path: ['devices', index, 'id'],
          message: `devices[${first}] already has this id: give every device its own id, e.g. '${device.id}-2'`,
        });
    });
  });

export type AgentConfig = z.infer<typeof configSchema>;
