import { z } from 'zod';

/**
 * Technician mode: a technician card plus a PIN opens the maintenance pages
 * on the kiosk. The agent holds the state (PIN check, lockout, the actions
 * themselves); the kiosk shows `TechnicianView` and sends `tech.*` intents.
 * Every attempt and every action is a `technician.action` event for the
 * central platform and a row in the terminal's audit table.
 */

/** A PIN is 4–8 digits; the kiosk's keypad cannot type anything else. */
export const TECHNICIAN_PIN = /^\d{4,8}$/;

export const TECHNICIAN_ACTIONS = [
  'login', // a PIN attempt (outcome ok / failed / refused while locked)
  'lockout', // the failure that locked the station's technician login
  'logout',
  'printer.test',
  'scale.zero',
  'bin.open',
  'bin.close',
  'device.reset',
  'logs.export',
  'agent.restart',
  'kiosk.restart',
] as const;
export type TechnicianAction = (typeof TECHNICIAN_ACTIONS)[number];

export const technicianOutcomeSchema = z.enum(['ok', 'failed', 'refused']);
export type TechnicianOutcome = z.infer<typeof technicianOutcomeSchema>;

/** Data of the `technician.action` event (and the audit row): never the PIN. */
export const technicianActionEventSchema = z.strictObject({
  auditId: z.string().uuid(),
  action: z.enum(TECHNICIAN_ACTIONS),
  /** The technician card's keyed hash (cardKey), never its UID. */
  actor: z.string().regex(/^[0-9a-f]{64}$/),
  outcome: technicianOutcomeSchema,
  /** What was acted on and what came of it, in words for the central's operators. */
  detail: z.string().max(500),
  target: z.string().max(200).nullable(),
});
export type TechnicianActionEvent = z.infer<typeof technicianActionEventSchema>;

const frameSchema = z.object({ at: z.number(), dir: z.enum(['rx', 'tx']), hex: z.string() });

export const technicianDeviceSchema = z.object({
  id: z.string(),
  kind: z.string(),
  state: z.enum(['connected', 'degraded', 'disconnected']),
  since: z.number(),
  lastError: z.string().nullable(),
  errorCount: z.number().int().nonnegative(),
  frameCount: z.number().int().nonnegative(),
  recentFrames: z.array(frameSchema),
});
export type TechnicianDevice = z.infer<typeof technicianDeviceSchema>;

export const technicianStatusSchema = z.object({
  devices: z.array(technicianDeviceSchema),
  /** Null when the station has no scale. */
  scale: z
    .object({
      device: z.string(),
      canZero: z.boolean(),
      /** The latest reading; null before the first one. */
      grams: z.number().int().nullable(),
      stable: z.boolean(),
      at: z.number().nullable(),
    })
    .nullable(),
  /** Null when the station has no bin controller. */
  bin: z
    .object({
      device: z.string(),
      compartments: z.array(
        z.object({
          index: z.number().int().nonnegative(),
          category: z.string(),
          /** The lid as the controller last reported it; 'unknown' before the first read. */
          lid: z.enum(['closed', 'opening', 'open', 'closing', 'jammed', 'unknown']),
          fillPercent: z.number().int().nullable(),
        }),
      ),
    })
    .nullable(),
  /** Null when the station has no printer. */
  printer: z
    .object({
      device: z.string(),
      /** From the printer's last status reply; null when it never answered. */
      paper: z.enum(['ok', 'low', 'out']).nullable(),
      coverOpen: z.boolean().nullable(),
    })
    .nullable(),
  uplink: z.object({
    /** The broker this station talks to (scheme, host and port; never credentials). */
    broker: z.string(),
    connected: z.boolean(),
    backlog: z.number().int().nonnegative(),
    lastError: z.string().nullable(),
    /** Highest seq the central platform confirmed, and when (epoch ms); null before the first ack. */
    lastAckSeq: z.number().int().nullable(),
    lastAckAt: z.number().nullable(),
    lastSeq: z.number().int().nonnegative(),
  }),
  /** Folders a log export may go to (mounted USB sticks first). */
  exportTargets: z.array(z.object({ path: z.string(), label: z.string() })),
});
export type TechnicianStatus = z.infer<typeof technicianStatusSchema>;

/** The outcome of the last attempt or action, shown until the next one. */
export const technicianResultSchema = z.object({
  id: z.number().int(),
  action: z.enum(TECHNICIAN_ACTIONS),
  outcome: technicianOutcomeSchema,
  /** Machine-readable reason for the catalogues (e.g. 'wrong-pin', 'locked', 'paper-out'). */
  code: z.string(),
  /** The device's or the system's own words (shown as a detail, untranslated). */
  detail: z.string(),
});
export type TechnicianResult = z.infer<typeof technicianResultSchema>;

export const technicianViewSchema = z.object({
  /** 'pin': waiting for the PIN; 'locked': too many wrong PINs; 'open': the maintenance pages. */
  phase: z.enum(['pin', 'locked', 'open']),
  /** Attempts left before the lockout. */
  attemptsLeft: z.number().int().nonnegative(),
  /** ISO time the lockout ends (the flows' clock); null when not locked. */
  lockedUntil: z.string().nullable(),
  last: technicianResultSchema.nullable(),
  /** Only while open. */
  status: technicianStatusSchema.nullable(),
});
export type TechnicianView = z.infer<typeof technicianViewSchema>;

/** What the kiosk sends while technician mode is on. */
export const technicianIntentSchemas = [
  z.object({ type: z.literal('tech.pin'), pin: z.string().max(16) }),
  z.object({ type: z.literal('tech.exit') }),
  z.object({ type: z.literal('tech.print-test') }),
  z.object({ type: z.literal('tech.scale-zero') }),
  z.object({
    type: z.literal('tech.lid'),
    compartment: z.number().int().min(0).max(15),
    open: z.boolean(),
  }),
  z.object({ type: z.literal('tech.device-reset'), device: z.string().max(64) }),
  z.object({ type: z.literal('tech.logs-export'), target: z.string().max(512) }),
  z.object({ type: z.literal('tech.restart'), what: z.enum(['agent', 'kiosk']) }),
] as const;
