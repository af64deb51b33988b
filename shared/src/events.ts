import { z } from 'zod';

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
