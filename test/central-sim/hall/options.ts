import { z } from 'zod';
import { cardBindingSchema, firstIssue, type CardBinding } from '@yaofang/shared/sync';
import { DEFAULT_TIMEBANK_RULES, timebankRulesSchema, type TimebankRules } from '@yaofang/shared/timebank';

/**
 * What `ReferenceCentral.enableHall()` is configured with: the district's
 * time-bank rules and the synthetic central-side records the hall asks about
 * (registered residents, family bindings, online approvals, pre-bound cards).
 * Checked once, up front; every problem names the option and the fix.
 */

/** Messages without the field name: `firstIssue` puts the path in front. */
const residentKeyField = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'use a residentKey (64 lowercase hex digits), never a name or ID number');

/**
 * A masked label only, as the kiosk shows it: `家属 张*`, `张*三`. One visible
 * character before the stars and at most one after: never a full name, no digits.
 */
const MASKED_LABEL = /^(?:[^\s*\d]{1,6} )?[^\s*\d]\*+[^\s*\d]?$/u;

const familyMemberSchema = z.object({
  residentKey: residentKeyField,
  label: z.string().max(16).regex(MASKED_LABEL, 'use a masked label such as "家属 张*", never a full name'),
});

const familySchema = z.object({
  /** Every member is family of every other (the time bank binds each pair). */
  members: z.array(familyMemberSchema).min(2, 'a family needs at least two residents'),
});
export type HallFamily = z.infer<typeof familySchema>;

const approvalSchema = z.object({
  applicationNo: z.string().regex(/^[0-9A-Za-z-]{4,32}$/, 'use 4 to 32 letters, digits or -'),
  /** The applicant; the list request answers a resident with their own applications only. */
  residentKey: residentKeyField,
  title: z.string().min(1).max(100),
  status: z.string().min(1).max(50),
  updatedAt: z.string().datetime({ offset: true, message: 'use an ISO time with offset' }),
});
export type HallApproval = z.infer<typeof approvalSchema>;

const hallOptionsSchema = z.object({
  rules: timebankRulesSchema.optional(),
  residents: z.array(residentKeyField).optional(),
  registerOnFirstSight: z.boolean().optional(),
  families: z.array(familySchema).optional(),
  approvals: z
    .array(approvalSchema)
    .superRefine((approvals, ctx) => {
      const seen = new Set<string>();
      for (const [index, approval] of approvals.entries()) {
        if (seen.has(approval.applicationNo))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'applicationNo'],
            message: 'applicationNo listed twice',
          });
        seen.add(approval.applicationNo);
      }
    })
    .optional(),
  cards: z
    .array(cardBindingSchema)
    .superRefine((cards, ctx) => {
      const seen = new Set<string>();
      for (const [index, card] of cards.entries()) {
        if (seen.has(card.cardKey))
          ctx.addIssue({ code: 'custom', path: [index, 'cardKey'], message: 'cardKey bound twice' });
        seen.add(card.cardKey);
      }
    })
    .optional(),
  publishBalances: z.boolean().optional(),
});

export interface HallOptions {
  /** The time-bank rules; default `DEFAULT_TIMEBANK_RULES`. Fixed for the hall's life (a rebuild re-decides with them). */
  rules?: TimebankRules;
  /** Residents registered with the time bank from the start (family members are registered too). */
  residents?: readonly string[];
  /**
   * Register every resident an operation names on first sight. Default: true
   * when `residents` is not given, false when it is (then an unlisted resident
   * is answered `unknown-resident`).
   */
  registerOnFirstSight?: boolean;
  /** Family bindings on the central side, with the masked labels the `family` request answers. */
  families?: readonly HallFamily[];
  /** Online applications (不见面审批) for `approval.status` and `approval.list`; synthetic. */
  approvals?: readonly HallApproval[];
  /** Bindings every station's cards document carries besides those bound at a terminal (e.g. technician cards). */
  cards?: readonly CardBinding[];
  /** Publish the minutes balance of the residents an accepted operation moved (default true). */
  publishBalances?: boolean;
  now?: () => number;
}

/** The options, checked, with the defaults filled in. */
export interface HallConfig {
  rules: TimebankRules;
  residents: readonly string[];
  registerOnFirstSight: boolean;
  families: readonly HallFamily[];
  approvals: readonly HallApproval[];
  cards: readonly CardBinding[];
  publishBalances: boolean;
  now: () => number;
}

export function hallConfig(options: HallOptions = {}): HallConfig {
  const { now, ...rest } = options;
  const parsed = hallOptionsSchema.safeParse(rest);
  if (!parsed.success) throw new TypeError(`enableHall options: ${firstIssue(parsed.error)}`);
  const checked = parsed.data;
  return {
    rules: checked.rules ?? DEFAULT_TIMEBANK_RULES,
    residents: checked.residents ?? [],
    registerOnFirstSight: checked.registerOnFirstSight ?? checked.residents === undefined,
    families: checked.families ?? [],
    approvals: checked.approvals ?? [],
    cards: checked.cards ?? [],
    publishBalances: checked.publishBalances ?? true,
    now: now ?? Date.now,
  };
}
