import { z } from 'zod';
import { SERVICE_TYPES } from './timebank.ts';
import { balanceViewSchema } from './waste-session.ts';

/**
 * What the kiosk shows of a self-service hall session (24 小时自助服务区):
 * a view of the agent's state. The name and ID number appear ONLY masked
 * (张*三, 320102********1234) and only here, in memory, for this session.
 */
export const hallResidentSchema = z.object({
  signedInWith: z.enum(['idcard', 'rfid']),
  maskedName: z.string().nullable(),
  maskedIdNumber: z.string().nullable(),
  household: z.string().nullable(),
});

export const historyEntrySchema = z.object({
  at: z.string(),
  account: z.enum(['points', 'minutes']),
  /** Signed amount: + earned / deposited, − spent. */
  amount: z.number().int(),
  kind: z.string(),
  status: z.enum(['pending', 'confirmed', 'rejected']),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const timebankOpViewSchema = z.object({
  opId: z.string(),
  kind: z.enum(['deposit', 'withdraw', 'donate', 'transfer']),
  minutes: z.number().int(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  /** Why the central refused it, in plain words (shown at the next sign-in). */
  reason: z.string().nullable(),
});

export const serviceViewSchema = z.object({
  state: z.enum(['waiting-recipient', 'in-progress', 'waiting-end-taps', 'submitted']),
  serviceType: z.enum(SERVICE_TYPES),
  startedAt: z.number().int().nullable(),
  /** Who has tapped at the end: both must before minutes are counted. */
  endTaps: z.object({ volunteer: z.boolean(), recipient: z.boolean() }),
  minutes: z.number().int().nullable(),
});

export const approvalItemSchema = z.object({
  applicationNo: z.string(),
  title: z.string(),
  status: z.string(),
  updatedAt: z.string(),
});

export const HALL_NOTICES = [
  'idcard-invalid', // the ID number fails its checksum: a bad read, try again
  'idcard-expired', // the card's validity has ended
  'unbound-card', // RFID card not bound: sign in with the ID card to bind it
  'bind-pending', // binding sent, waiting for the central platform
  'bind-confirmed',
  'bind-rejected',
  'card-already-bound',
  'offline-quota', // offline: the debit is above what the terminal may allow
  'insufficient-balance',
  'central-unreachable', // answers come from the cache (flagged)
  'printer-fault',
  'storage-full',
] as const;

export const hallSessionViewSchema = z.object({
  sessionId: z.string(),
  resident: hallResidentSchema,
  balances: z.object({ points: balanceViewSchema, minutes: balanceViewSchema }),
  history: z
    .object({
      source: z.enum(['central', 'cache', 'local']),
      stale: z.boolean(),
      entries: z.array(historyEntrySchema),
    })
    .nullable(),
  binding: z.object({ state: z.enum(['idle', 'waiting-card', 'pending', 'confirmed', 'rejected']) }),
  service: serviceViewSchema.nullable(),
  /** Recent time-bank operations of this resident, with the central's answers. */
  operations: z.array(timebankOpViewSchema),
  family: z.array(z.object({ residentKey: z.string(), label: z.string() })).nullable(),
  approvals: z
    .object({
      state: z.enum(['loading', 'ok', 'offline', 'late', 'not-found']),
      items: z.array(approvalItemSchema),
    })
    .nullable(),
  ticket: z.object({ service: z.string(), number: z.string(), issuedAt: z.string() }).nullable(),
  notice: z.object({ code: z.enum(HALL_NOTICES), detail: z.string().optional() }).nullable(),
});
export type HallSessionView = z.infer<typeof hallSessionViewSchema>;

/** Services a queue ticket (取号) can be taken for. */
export const QUEUE_SERVICES = ['social-security', 'civil-affairs', 'elderly-care', 'general'] as const;

/** Kiosk → agent intents of the hall. */
export const hallIntentSchemas = [
  z.object({ type: z.literal('hall.bind.start') }),
  z.object({ type: z.literal('hall.history.load'), account: z.enum(['points', 'minutes']) }),
  z.object({
    type: z.literal('hall.statement.print'),
    account: z.enum(['points', 'minutes']),
    format: z.enum(['receipt', 'a4']),
  }),
  z.object({ type: z.literal('timebank.service.start'), serviceType: z.enum(SERVICE_TYPES) }),
  z.object({ type: z.literal('timebank.service.end') }),
  z.object({
    type: z.literal('timebank.withdraw'),
    minutes: z.number().int().positive(),
    serviceType: z.enum(SERVICE_TYPES),
  }),
  z.object({ type: z.literal('timebank.donate'), minutes: z.number().int().positive() }),
  z.object({ type: z.literal('timebank.family.load') }),
  z.object({
    type: z.literal('timebank.transfer'),
    toKey: z.string().regex(/^[0-9a-f]{64}$/),
    minutes: z.number().int().positive(),
  }),
  z.object({ type: z.literal('approval.lookup'), applicationNo: z.string().regex(/^[0-9A-Za-z-]{4,32}$/) }),
  z.object({ type: z.literal('approval.mine') }),
  z.object({ type: z.literal('approval.slip.print') }),
  z.object({ type: z.literal('queue.take'), service: z.enum(QUEUE_SERVICES) }),
] as const;
