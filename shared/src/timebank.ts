import { z } from 'zod';
import { err, ok, type Result } from './result.ts';

/**
 * The time bank (时间银行): residents deposit minutes of volunteer service
 * (home elderly care, mutual help, charity), withdraw them for services they
 * receive, donate them to the community pool or transfer them to family.
 * Everything here is what the terminal sends and what the central platform
 * answers; the rules themselves run on the central side. All amounts are
 * integer minutes; every person is a residentKey (identity.ts), never a name
 * or an ID number.
 */

export const SERVICE_TYPES = ['elderly-care', 'mutual-help', 'charity', 'other'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const TIMEBANK_REASON_CODES = [
  'storage-cap',
  'overdraft',
  'not-family',
  'duplicate',
  'invalid-minutes',
  'self-service',
  'unknown-resident',
] as const;
export type TimebankReasonCode = (typeof TIMEBANK_REASON_CODES)[number];

/** A sanity bound (one year of minutes) so sums of amounts stay exact integers. */
export const MAX_WIRE_MINUTES = 525_600;

type IssueInput = { input?: unknown };
/** `name is missing: fix` or `name: fix`, so every message names the field and what to write. */
const fieldError = (name: string, fix: string) => ({
  error: (issue: IssueInput) =>
    issue.input === undefined ? `${name} is missing: ${fix}` : `${name}: ${fix}`,
});

const residentKeyField = (name: string) =>
  z
    .string(fieldError(name, 'write a residentKey (64 lowercase hex digits)'))
    .regex(
      /^[0-9a-f]{64}$/,
      `${name}: use the residentKey (64 lowercase hex digits), never a name or ID number`,
    );

const opIdField = z
  .string(fieldError('opId', 'write the UUID created on the terminal for this operation'))
  .uuid('opId: use the UUID created on the terminal (reuse it on every retry)');

const isoTimeField = (name: string) =>
  z.string(fieldError(name, 'write an ISO time with offset, e.g. 2025-03-01T08:00:00+08:00')).datetime({
    offset: true,
    message: `${name}: use an ISO time with offset, e.g. 2025-03-01T08:00:00+08:00`,
  });

const isIsoTime = (value: unknown): boolean => isoTimeField('time').safeParse(value).success;

const minutesField = (name: string) =>
  z
    .number(fieldError(name, 'write a whole number of minutes without quotes, e.g. 90 for 1.5 hours'))
    .int(`${name}: use whole minutes, e.g. 90 rather than 1.5`)
    .min(1, `${name}: use at least 1 minute`)
    .max(MAX_WIRE_MINUTES, `${name}: use at most ${MAX_WIRE_MINUTES} minutes; check the amount`);

const serviceTypeField = z.enum(
  SERVICE_TYPES,
  fieldError('serviceType', `use one of ${SERVICE_TYPES.join(', ')}`),
);

/** An 18-character ID number anywhere in free text (with or without spaces). */
const ID_NUMBER_IN_TEXT = /\d{6}\s*\d{8}\s*\d{3}\s*[\dXx]/;

// ---------------------------------------------------------------- operations (terminal → central)

/** A volunteer served a recipient; the minutes are credited to the volunteer. */
export const timebankDepositSchema = z
  .object({
    opId: opIdField,
    volunteerKey: residentKeyField('volunteerKey'),
    recipientKey: residentKeyField('recipientKey'),
    serviceType: serviceTypeField,
    startedAt: isoTimeField('startedAt'),
    endedAt: isoTimeField('endedAt'),
    minutes: minutesField('minutes'),
  })
  .superRefine((deposit, ctx) => {
    // A malformed time is reported by its own field; zod still runs this check then.
    if (!isIsoTime(deposit.startedAt) || !isIsoTime(deposit.endedAt)) return;
    const spanMs = Date.parse(deposit.endedAt) - Date.parse(deposit.startedAt);
    if (spanMs <= 0) {
      ctx.addIssue({ code: 'custom', path: ['endedAt'], message: 'endedAt: must be after startedAt' });
    } else if (deposit.minutes * 60_000 > spanMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['minutes'],
        message: `minutes: at most ${Math.floor(spanMs / 60_000)}, the time between startedAt and endedAt`,
      });
    }
  });
export type TimebankDeposit = z.infer<typeof timebankDepositSchema>;

/** A resident spends minutes on a service they receive. The minutes leave the bank. */
export const timebankWithdrawSchema = z.object({
  opId: opIdField,
  residentKey: residentKeyField('residentKey'),
  minutes: minutesField('minutes'),
  serviceType: serviceTypeField,
  /** Free text for the statement; never a name or an ID number. */
  note: z
    .string(fieldError('note', 'write text or leave the field out'))
    .max(200, 'note: use at most 200 characters')
    .refine(
      (note) => !ID_NUMBER_IN_TEXT.test(note),
      'note: remove the ID number; notes must not hold personal data',
    )
    .optional(),
});
export type TimebankWithdraw = z.infer<typeof timebankWithdrawSchema>;

/** A resident gives minutes to the community pool (慈善). */
export const timebankDonateSchema = z.object({
  opId: opIdField,
  residentKey: residentKeyField('residentKey'),
  minutes: minutesField('minutes'),
  pool: z.literal('community', fieldError('pool', 'use "community"')),
});
export type TimebankDonate = z.infer<typeof timebankDonateSchema>;

/** A resident gives minutes to a family member bound on the central side. */
export const timebankTransferSchema = z.object({
  opId: opIdField,
  fromKey: residentKeyField('fromKey'),
  toKey: residentKeyField('toKey'),
  minutes: minutesField('minutes'),
});
export type TimebankTransfer = z.infer<typeof timebankTransferSchema>;

/** Event data per event type, to be merged into `eventDataSchemas` (events.ts). */
export const timebankEventDataSchemas = {
  'timebank.deposit.requested': timebankDepositSchema,
  'timebank.withdraw.requested': timebankWithdrawSchema,
  'timebank.donate.requested': timebankDonateSchema,
  'timebank.transfer.requested': timebankTransferSchema,
} as const;
export type TimebankEventType = keyof typeof timebankEventDataSchemas;
export const TIMEBANK_EVENT_TYPES = Object.keys(timebankEventDataSchemas) as TimebankEventType[];

/** One operation as the central applies it: the envelope's `type` and `data`. */
export const timebankOperationSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('timebank.deposit.requested'), data: timebankDepositSchema }),
    z.object({ type: z.literal('timebank.withdraw.requested'), data: timebankWithdrawSchema }),
    z.object({ type: z.literal('timebank.donate.requested'), data: timebankDonateSchema }),
    z.object({ type: z.literal('timebank.transfer.requested'), data: timebankTransferSchema }),
  ],
  { error: `type: use one of ${TIMEBANK_EVENT_TYPES.join(', ')}` },
);
export type TimebankOperation = z.infer<typeof timebankOperationSchema>;

/** Whose balance an operation lowers, and by how much; null for a deposit. */
export function timebankDebit(operation: TimebankOperation): { residentKey: string; minutes: number } | null {
  switch (operation.type) {
    case 'timebank.deposit.requested':
      return null;
    case 'timebank.withdraw.requested':
    case 'timebank.donate.requested':
      return { residentKey: operation.data.residentKey, minutes: operation.data.minutes };
    case 'timebank.transfer.requested':
      return { residentKey: operation.data.fromKey, minutes: operation.data.minutes };
  }
}

// ---------------------------------------------------------------- answers (central → terminal)

/**
 * The central's answer to one operation. A replayed opId gets the first
 * answer again; on an accepted replay `reasonCode: 'duplicate'` only says so.
 * `balanceAfter` is the balance of the resident the operation was about
 * (volunteer, or the debited resident) right after it was decided.
 */
export const timebankAnswerSchema = z.discriminatedUnion('status', [
  z.object({
    opId: z.string().uuid(),
    status: z.literal('accepted'),
    reasonCode: z.literal('duplicate').optional(),
    reason: z.string().max(500).optional(),
    balanceAfter: z.number().int().optional(),
  }),
  z.object({
    opId: z.string().uuid(),
    status: z.literal('rejected'),
    reasonCode: z.enum(TIMEBANK_REASON_CODES),
    reason: z.string().max(500).optional(),
    balanceAfter: z.number().int().optional(),
  }),
]);
export type TimebankAnswer = z.infer<typeof timebankAnswerSchema>;

// ---------------------------------------------------------------- district rules

const rulesMinutes = (name: string, min: number, example: string) =>
  z
    .number(fieldError(name, `write a whole number of minutes without quotes, e.g. ${example}`))
    .int(`${name}: use whole minutes, e.g. ${example}`)
    .min(min, `${name}: use at least ${min}`)
    .max(MAX_WIRE_MINUTES * 10, `${name}: use at most ${MAX_WIRE_MINUTES * 10}`);

/** The district's time-bank rules (a signed `rules` sync document carries them). */
export const timebankRulesSchema = z
  .object({
    version: z
      .number(fieldError('version', 'write the rules version, a whole number such as 1'))
      .int('version: use a whole number such as 1')
      .min(0, 'version: use 0 or more'),
    /** No balance may grow beyond this (deposits and incoming transfers are refused). */
    storageCapMinutes: rulesMinutes('storageCapMinutes', 1, '90000 for 1500 hours'),
    /** How far below zero a debit may take a balance (存、取、贷: the "loan"). 0 = no loans. */
    overdraftLimitMinutes: rulesMinutes('overdraftLimitMinutes', 0, '0 for no overdraft'),
    maxServiceMinutesPerDeposit: rulesMinutes('maxServiceMinutesPerDeposit', 1, '720 for 12 hours'),
    /** The smallest amount of any operation. */
    minMinutes: rulesMinutes('minMinutes', 1, '30'),
    /** Per resident per local day, for debits a terminal makes while the central is unreachable. */
    offlineDebitQuotaMinutes: rulesMinutes('offlineDebitQuotaMinutes', 0, '120; 0 stops offline debits'),
  })
  .superRefine((rules, ctx) => {
    if (rules.minMinutes > rules.maxServiceMinutesPerDeposit)
      ctx.addIssue({
        code: 'custom',
        path: ['minMinutes'],
        message: `minMinutes: use at most maxServiceMinutesPerDeposit (${rules.maxServiceMinutesPerDeposit})`,
      });
    if (rules.maxServiceMinutesPerDeposit > rules.storageCapMinutes)
      ctx.addIssue({
        code: 'custom',
        path: ['maxServiceMinutesPerDeposit'],
        message: `maxServiceMinutesPerDeposit: use at most storageCapMinutes (${rules.storageCapMinutes})`,
      });
  });
export type TimebankRules = z.infer<typeof timebankRulesSchema>;

export const DEFAULT_TIMEBANK_RULES: TimebankRules = Object.freeze({
  version: 1,
  storageCapMinutes: 90_000,
  overdraftLimitMinutes: 600,
  maxServiceMinutesPerDeposit: 720,
  minMinutes: 30,
  offlineDebitQuotaMinutes: 120,
});

// ---------------------------------------------------------------- parsing

/** One line per problem, each starting with the field it is about. */
export function timebankProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const last = String(issue.path[issue.path.length - 1] ?? '');
    if (!path) return issue.message;
    // Field messages start with the field's own name; widen it to the full path (`data.minutes`).
    return last && (issue.message.startsWith(`${last}:`) || issue.message.startsWith(`${last} is missing`))
      ? `${path}${issue.message.slice(last.length)}`
      : `${path}: ${issue.message}`;
  });
}

export function parseTimebankRules(raw: unknown): Result<TimebankRules, string[]> {
  const parsed = timebankRulesSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(timebankProblems(parsed.error));
}

export function parseTimebankOperation(raw: unknown): Result<TimebankOperation, string[]> {
  const parsed = timebankOperationSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : err(timebankProblems(parsed.error));
}
