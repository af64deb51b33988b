import { z } from 'zod';
import { QUEUE_SERVICES } from './hall-session.ts';
import { technicianActionEventSchema } from './technician.ts';
import { timebankEventDataSchemas } from './timebank.ts';
import { wasteCategorySchema, wasteDepositedSchema } from './waste.ts';

/**
 * Data of each event type the edge sends, keyed by type. One map, so the
 * publisher and the central side agree on every payload.
 */
export const eventDataSchemas = {
  'card.presented': z.object({
    /** HMAC of the card UID (never the raw UID). */
    cardKey: z.string().regex(/^[0-9a-f]{64}$/),
    reader: z.string(),
  }),
  /** One weighed drop (class 'ledger'): a resident only ever as residentKey. */
  'waste.deposited': wasteDepositedSchema,
  /** A bin alarm raised or cleared (smoke, over-temperature, tamper, lid jam); every lid is closed while one is on. */
  'bin.alarm': z.strictObject({
    compartment: z.number().int().min(0).max(3),
    category: wasteCategorySchema.nullable(),
    alarm: z.enum(['smoke', 'overTemperature', 'lidJam', 'tamper']),
    state: z.enum(['raised', 'cleared']),
    /** Alarms still on anywhere in the station after this change. */
    active: z.number().int().nonnegative(),
  }),
  /** A compartment's fill level changed by at least one whole percent (class 'droppable'). */
  'bin.state': z.strictObject({
    compartment: z.number().int().min(0).max(3),
    category: wasteCategorySchema.nullable(),
    fillPercent: z.number().int().min(0).max(100),
    /** At or above the rules' fullThresholdPercent: the compartment refuses drops. */
    full: z.boolean(),
  }),
  /** A resident asked to bind a card (both only as keyed hashes); the central answers with sync 'cards'. */
  'card.bind.requested': z.strictObject({
    opId: z.string().uuid(),
    residentKey: z.string().regex(/^[0-9a-f]{64}$/),
    cardKey: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** A queue ticket (取号) printed at the hall; no resident is attached. */
  'queue.ticket.issued': z.strictObject({
    service: z.enum(QUEUE_SERVICES),
    /** The local day, YYYY-MM-DD. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    number: z.string().regex(/^[A-Z]\d{3,}$/),
    issuedAt: z.string(),
  }),
  /** Time-bank operations (class 'ledger'); the central answers in the ack result's data. */
  ...timebankEventDataSchemas,
  /** A technician's PIN attempt or maintenance action (also kept in the terminal's audit table). */
  'technician.action': technicianActionEventSchema,
} as const;

export type EventType = keyof typeof eventDataSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

/** State message retained on `state`: birth when online, LWT when not. */
export const stationStateSchema = z.object({
  online: z.boolean(),
  station: z.string(),
  version: z.string().optional(),
  bootCount: z.number().int().nonnegative().optional(),
  lastSeq: z.number().int().nonnegative().optional(),
  ts: z.string(),
});
export type StationState = z.infer<typeof stationStateSchema>;
