import { approvalItemSchema, historyEntrySchema, type HallSessionView } from '@yaofang/shared';
import { z } from 'zod';
import type { RequestOutcome } from '../../sync/request-client.ts';

/**
 * Turns the central's answers (or the lack of one) into the session view's
 * parts. Answers are read leniently: an array, or an object holding one.
 */

type Approvals = NonNullable<HallSessionView['approvals']>;
type Family = NonNullable<HallSessionView['family']>;

const listOf = <T extends z.ZodType>(item: T, keys: readonly string[]) =>
  z.union([
    z.array(item),
    z.record(z.string(), z.unknown()).transform((object, ctx) => {
      for (const key of keys) {
        const parsed = z.array(item).safeParse(object[key]);
        if (parsed.success) return parsed.data;
      }
      ctx.addIssue({ code: 'custom', message: `no list under ${keys.join('/')}` });
      return z.NEVER;
    }),
  ]);

const approvalsSchema = listOf(approvalItemSchema, ['items', 'applications', 'approvals']);
const historySchema = listOf(historyEntrySchema, ['entries', 'items', 'history']);
const familyMemberSchema = z.object({ residentKey: z.string().regex(/^[0-9a-f]{64}$/), label: z.string() });
const familySchema = listOf(familyMemberSchema, ['members', 'family', 'items']);

/** An answer that did not come in time or at all: `late` when the deadline passed, else `offline`. */
function unanswered(outcome: Exclude<RequestOutcome, { source: 'central' }>): Approvals {
  if (outcome.reason === 'deadline') return { state: 'late', items: [] };
  if (outcome.reason === 'error') return { state: 'not-found', items: [] };
  return { state: 'offline', items: [] };
}

export function approvalLookupView(outcome: RequestOutcome): Approvals {
  if (outcome.source !== 'central') return unanswered(outcome);
  const one = approvalItemSchema.safeParse(outcome.data);
  if (one.success) return { state: 'ok', items: [one.data] };
  const many = approvalsSchema.safeParse(outcome.data);
  return many.success && many.data.length > 0
    ? { state: 'ok', items: many.data }
    : { state: 'not-found', items: [] };
}

export function approvalListView(outcome: RequestOutcome): Approvals {
  if (outcome.source !== 'central') return unanswered(outcome);
  const many = approvalsSchema.safeParse(outcome.data);
  return many.success ? { state: 'ok', items: many.data } : { state: 'not-found', items: [] };
}

export function centralHistory(outcome: RequestOutcome): HallSessionView['history'] {
  if (outcome.source === 'none') return null;
  const parsed = historySchema.safeParse(outcome.data);
  if (!parsed.success) return null;
  return outcome.source === 'central'
    ? { source: 'central', stale: false, entries: parsed.data }
    : { source: 'cache', stale: true, entries: parsed.data };
}

export function familyView(outcome: RequestOutcome): Family | null {
  if (outcome.source === 'none') return null;
  const parsed = familySchema.safeParse(outcome.data);
  return parsed.success ? parsed.data : null;
}
