import { z } from 'zod';

/**
 * Messages between the edge-agent and the kiosk renderer over the loopback
 * WebSocket. The renderer imports these schemas (and nothing with Node APIs).
 */
export const cardSeenSchema = z.object({
  /** Short, non-identifying reference shown on screen: the first 8 hex of the cardKey. */
  cardRef: z.string(),
  reader: z.string(),
  seq: z.number().int().positive(),
  at: z.string(),
});
export type CardSeen = z.infer<typeof cardSeenSchema>;

export const agentToKioskSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    station: z.string(),
    version: z.string(),
  }),
  z.object({ type: z.literal('card.seen'), card: cardSeenSchema }),
  z.object({
    type: z.literal('uplink'),
    connected: z.boolean(),
    backlog: z.number().int().nonnegative(),
  }),
]);
export type AgentToKiosk = z.infer<typeof agentToKioskSchema>;

export const kioskToAgentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  /** The resident walked away (idle timeout) or pressed "finish": end the session and forget them. */
  z.object({ type: z.literal('session.end'), reason: z.enum(['idle', 'finished']) }),
]);
export type KioskToAgent = z.infer<typeof kioskToAgentSchema>;

/** Cookie that carries the local-API token after the first authenticated load. */
export const API_TOKEN_COOKIE = 'yf_token';
