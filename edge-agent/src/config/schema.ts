import { z } from 'zod';
import { isValidStationId } from '@yaofang/shared';

const serialTransport = z.object({
  type: z.literal('serial'),
  path: z.string().min(1),
  baudRate: z.number().int().positive().optional(),
});

export const deviceConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rfid-em4100'),
    id: z.string().min(1),
    transport: serialTransport,
    leaveAfterMs: z.number().int().positive().optional(),
  }),
]);
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

/** One terminal's configuration (ARCHITECTURE.md "Configuration"). */
export const configSchema = z
  .object({
    stationId: z.string().refine(isValidStationId, {
      message: "use 1–64 letters, digits, '-' or '_', e.g. 'GL-0001'",
    }),
    role: z.enum(['hall', 'waste', 'both']),
    dataDir: z.string().min(1).default('./data'),
    districtKeyFile: z.string().min(1),
    mqtt: z
      .object({
        url: z.string().regex(/^(mqtts?|wss?|tcp|ssl):\/\//, {
          message: "must start with mqtt://, mqtts://, ws:// or wss://, e.g. 'mqtt://127.0.0.1:1883'",
        }),
        protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
        keepaliveSeconds: z.number().int().min(5).max(3600).default(30),
        inflightWindow: z.number().int().min(1).max(1000).default(64),
        reconnectBaseMs: z.number().int().min(10).default(500),
        reconnectCapMs: z.number().int().min(100).default(30_000),
        tls: z
          .object({
            caFile: z.string().optional(),
            certFile: z.string().optional(),
            keyFile: z.string().optional(),
          })
          .optional(),
      })
      .strict(),
    api: z
      .object({
        host: z.literal('127.0.0.1').default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(7400),
        tokenFile: z.string().optional(),
        kioskDir: z.string().optional(),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 7400 }),
    devices: z.array(deviceConfigSchema).default([]),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
        file: z.string().optional(),
      })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

export type AgentConfig = z.infer<typeof configSchema>;
