import { z } from 'zod';
import { stationViewSchema, wasteSessionViewSchema } from './waste-session.ts';
import { hallIntentSchemas, hallSessionViewSchema } from './hall-session.ts';
import { wasteCategorySchema } from './waste.ts';
import { technicianIntentSchemas, technicianViewSchema } from './technician.ts';

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
  /** The station when idle: compartments, faults, a notice for the last tap. */
  z.object({ type: z.literal('station'), station: stationViewSchema }),
  /** The current waste session; null when it ended (the screen forgets it). */
  z.object({ type: z.literal('waste.session'), session: wasteSessionViewSchema.nullable() }),
  /** The current hall session; null when it ended (the screen forgets it). */
  z.object({ type: z.literal('hall.session'), session: hallSessionViewSchema.nullable() }),
  /** Technician mode (PIN pad, lockout, maintenance pages); null when it is off. */
  z.object({ type: z.literal('technician'), view: technicianViewSchema.nullable() }),
  /** A technician asked for the kiosk to restart: Electron relaunches, a browser reloads. */
  z.object({ type: z.literal('kiosk.relaunch') }),
]);
export type AgentToKiosk = z.infer<typeof agentToKioskSchema>;

export const kioskToAgentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  /** The resident walked away (idle timeout) or pressed "finish": end the session and forget them. */
  z.object({
    type: z.literal('session.end'),
    reason: z.enum(['idle', 'finished']),
    /**
     * The session the kiosk was showing. A late "finish" from one resident
     * must not end the next resident's session: with an id that is not the
     * current session's, the agent ignores it.
     */
    sessionId: z.string().max(64).optional(),
  }),
  /** Waste station: the resident picked a category. */
  z.object({ type: z.literal('waste.choose'), category: wasteCategorySchema }),
  /** "完成": the bag is in, close the lid now. */
  z.object({ type: z.literal('waste.done') }),
  /** Print a receipt for a drop of this session. */
  z.object({ type: z.literal('receipt.print'), dropId: z.string().max(64) }),
  ...hallIntentSchemas,
  ...technicianIntentSchemas,
]);
export type KioskToAgent = z.infer<typeof kioskToAgentSchema>;

/** Cookie that carries the local-API token after the first authenticated load. */
export const API_TOKEN_COOKIE = 'yf_token';
