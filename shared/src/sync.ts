import { z } from 'zod';

/**
 * What the central platform sends back to a station (ARCHITECTURE.md "MQTT
 * contract", "Data flow" step 6): acks of applied events, signed sync
 * documents (rules, card bindings, balance snapshots) and answers to requests.
 */

const isoTime = z.string().datetime({ offset: true });
/** residentKey / cardKey: HMAC-SHA256 hex (identity.ts), never a raw number or UID. */
const hmacKey = (what: string) =>
  z.string().regex(/^[0-9a-f]{64}$/, `${what}: 64 lowercase hex digits (an HMAC key, never a raw value)`);

// ---------------------------------------------------------------- acks

export const ACK_STATUSES = ['applied', 'rejected', 'adjusted'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number];

/** The central platform's verdict on one event. `data` carries the adjustment (e.g. corrected points). */
export const ackResultSchema = z.object({
  id: z.string().uuid(),
  seq: z.number().int().positive(),
  status: z.enum(ACK_STATUSES),
  reason: z.string().max(500).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type AckResult = z.infer<typeof ackResultSchema>;

/** On `yf/v1/{station}/ack`: every seq ≤ `upTo` is applied; `results` details some of them. */
export const ackSchema = z.object({
  v: z.literal(1),
  station: z.string().min(1).max(64),
  upTo: z.number().int().nonnegative(),
  results: z.array(ackResultSchema).max(10_000),
  ts: isoTime,
});
export type Ack = z.infer<typeof ackSchema>;

// ---------------------------------------------------------------- sync documents

export const SYNC_KINDS = ['rules', 'cards', 'balances'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
export const isSyncKind = (kind: string): kind is SyncKind =>
  (SYNC_KINDS as readonly string[]).includes(kind);

export const ACCOUNTS = ['points', 'minutes'] as const;
export type Account = (typeof ACCOUNTS)[number];

export const cardBindingSchema = z.object({
  cardKey: hmacKey('cardKey'),
  residentKey: hmacKey('residentKey').nullable(),
  /** An opaque household key assigned by the central platform (never an address). */
  household: z.string().min(1).max(64).nullable(),
  kind: z.enum(['resident', 'technician']),
});
export type CardBinding = z.infer<typeof cardBindingSchema>;

export const balanceSnapshotSchema = z.object({
  residentKey: hmacKey('residentKey'),
  account: z.enum(ACCOUNTS),
  /** Integer points or minutes. */
  balance: z.number().int(),
  asOf: isoTime,
});
export type BalanceSnapshot = z.infer<typeof balanceSnapshotSchema>;

const documentBase = {
  v: z.literal(1),
  version: z.number().int().nonnegative(),
  issuedAt: isoTime,
  /** Present on station topics (must name the receiving station), absent on `yf/v1/all/rules`. */
  station: z.string().min(1).max(64).optional(),
};

/**
 * The payload of a signed sync document (signed.ts). `cards` replaces every
 * binding at once; `balances` upserts; `rules` is stored whole (the flows
 * define its content).
 */
export const syncDocumentSchema = z.discriminatedUnion('kind', [
  z.object({ ...documentBase, kind: z.literal('rules'), data: z.record(z.string(), z.unknown()) }),
  z.object({
    ...documentBase,
    kind: z.literal('cards'),
    data: z.array(cardBindingSchema).superRefine((bindings, ctx) => {
      const seen = new Set<string>();
      for (const [index, binding] of bindings.entries()) {
        if (seen.has(binding.cardKey))
          ctx.addIssue({ code: 'custom', path: [index, 'cardKey'], message: 'cardKey bound twice' });
        seen.add(binding.cardKey);
      }
    }),
  }),
  z.object({
    ...documentBase,
    kind: z.literal('balances'),
    data: z.array(balanceSnapshotSchema).superRefine((snapshots, ctx) => {
      const seen = new Set<string>();
      for (const [index, snapshot] of snapshots.entries()) {
        const key = `${snapshot.residentKey}/${snapshot.account}`;
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [index], message: 'residentKey and account listed twice' });
        seen.add(key);
      }
    }),
  }),
]);
export type SyncDocument = z.infer<typeof syncDocumentSchema>;

// ---------------------------------------------------------------- requests

export const REQUEST_KINDS = [
  'balance',
  'approval.status', // args {applicationNo}: one application's status
  'approval.list', // args {residentKey}: the resident's own applications
  'history', // args {residentKey, account, limit}: recent ledger entries at the central
  'family', // args {residentKey}: family members bound on the central side (masked labels only)
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** On `yf/v1/{station}/req`. The central ignores a request whose deadline has passed. */
export const requestSchema = z.object({
  v: z.literal(1),
  id: z.string().uuid(),
  kind: z.enum(REQUEST_KINDS),
  deadline: isoTime,
  args: z.record(z.string(), z.unknown()),
});
export type CentralRequest = z.infer<typeof requestSchema>;

/** On `yf/v1/{station}/res`, echoing the request's id. */
export const responseSchema = z.discriminatedUnion('status', [
  z.object({ v: z.literal(1), id: z.string().uuid(), status: z.literal('ok'), data: z.unknown() }),
  z.object({
    v: z.literal(1),
    id: z.string().uuid(),
    status: z.literal('error'),
    error: z.string().max(500),
  }),
]);
export type CentralResponse = z.infer<typeof responseSchema>;

export const balanceArgsSchema = z.object({ residentKey: hmacKey('residentKey'), account: z.enum(ACCOUNTS) });
export type BalanceArgs = z.infer<typeof balanceArgsSchema>;
/** The data of a `balance` answer, and of its cached fallback. */
export const balanceAnswerSchema = balanceSnapshotSchema;
export type BalanceAnswer = BalanceSnapshot;

/** The first problem of a failed zod parse, as "path: message". */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'message'}: ${issue?.message ?? 'invalid'}`;
}
