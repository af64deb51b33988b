import { createHash } from 'node:crypto';
import { z } from 'zod';

/** `prev` of the first envelope a station ever sends. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The v1 event envelope (ARCHITECTURE.md "MQTT contract"). `seq` is per
 * station, gapless from 1; `prev` is the SHA-256 of the previous envelope's
 * exact payload bytes, so the central side detects gaps, reordering and
 * tampering. The payload bytes are stored once and resent unchanged.
 */
export const eventEnvelopeSchema = z.object({
  v: z.literal(1),
  id: z.string().uuid(),
  station: z.string().min(1),
  seq: z.number().int().positive(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  ts: z.string().datetime({ offset: true }),
  type: z.string().regex(/^[a-z]+(\.[a-z]+)+$/),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export function envelopeHash(payload: string | Uint8Array): string {
  return createHash('sha256').update(payload).digest('hex');
}

/** Serialise an envelope: fixed key order, so the bytes are reproducible. */
export function serialiseEnvelope(envelope: EventEnvelope): string {
  const { v, id, station, seq, prev, ts, type, data } = envelope;
  return JSON.stringify({ v, id, station, seq, prev, ts, type, data });
}
