import { z } from 'zod';
import type { HistoryEntry } from '@yaofang/shared/hall-session';
import { ACCOUNTS, firstIssue } from '@yaofang/shared/sync';
import type { RequestAnswer } from '../requests.ts';
import type { RecordedDrop } from '../waste/state.ts';
import type { HallConfig } from './options.ts';
import type { HallState, RecordedOperation } from './state.ts';

/**
 * The hall's requests, answered from the pure state and the configured
 * records. Each returns a `RequestAnswer`; bad arguments get an error that
 * names the field.
 */

const residentKeyArg = z.string().regex(/^[0-9a-f]{64}$/, 'use a residentKey (64 lowercase hex digits)');

export const HISTORY_DEFAULT_LIMIT = 20;
export const HISTORY_MAX_LIMIT = 100;

const historyArgsSchema = z.object({
  residentKey: residentKeyArg,
  account: z.enum(ACCOUNTS),
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT).optional(),
});
const residentArgsSchema = z.object({ residentKey: residentKeyArg });
const applicationArgsSchema = z.object({
  applicationNo: z.string().regex(/^[0-9A-Za-z-]{4,32}$/, 'use 4 to 32 letters, digits or -'),
});

function invalid(error: z.ZodError): RequestAnswer {
  return { status: 'error', error: `invalid args: ${firstIssue(error)}` };
}

/**
 * `history` {residentKey, account, limit?}: the resident's entries, newest
 * first, as `HistoryEntry` (status confirmed or rejected; a rejection's
 * `reason` is its reason code). Minutes: the time-bank operations that
 * would move the resident's balance (a replayed opId is left out). Points:
 * the waste drops credited to the resident (`reason` 'daily-cap' when cut).
 */
export function answerHistory(
  state: HallState,
  drops: readonly RecordedDrop[],
  args: Record<string, unknown>,
): RequestAnswer {
  const parsed = historyArgsSchema.safeParse(args);
  if (!parsed.success) return invalid(parsed.error);
  const { residentKey, account, limit = HISTORY_DEFAULT_LIMIT } = parsed.data;
  const entries =
    account === 'minutes'
      ? state.operations
          .filter((recorded) => !recorded.replayed)
          .flatMap((recorded) => minutesEntries(recorded, residentKey))
          .reverse()
      : drops
          .filter((drop) => drop.residentKey === residentKey)
          .map(pointsEntry)
          .reverse()
          .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return { status: 'ok', data: entries.slice(0, limit) };
}

function minutesEntries(recorded: RecordedOperation, residentKey: string): HistoryEntry[] {
  const { operation, answer, at } = recorded;
  const accepted = answer.status === 'accepted';
  const entry = (amount: number, kind: string): HistoryEntry => ({
    at,
    account: 'minutes',
    amount,
    kind,
    status: accepted ? 'confirmed' : 'rejected',
    reason: accepted ? null : answer.reasonCode,
  });
  switch (operation.type) {
    case 'timebank.deposit.requested':
      return operation.data.volunteerKey === residentKey ? [entry(operation.data.minutes, 'deposit')] : [];
    case 'timebank.withdraw.requested':
      return operation.data.residentKey === residentKey ? [entry(-operation.data.minutes, 'withdraw')] : [];
    case 'timebank.donate.requested':
      return operation.data.residentKey === residentKey ? [entry(-operation.data.minutes, 'donate')] : [];
    case 'timebank.transfer.requested':
      if (operation.data.fromKey === residentKey) return [entry(-operation.data.minutes, 'transfer-out')];
      // The receiver hears of an accepted transfer only.
      if (operation.data.toKey === residentKey && accepted)
        return [entry(operation.data.minutes, 'transfer-in')];
      return [];
  }
}

function pointsEntry(drop: RecordedDrop): HistoryEntry {
  return {
    at: drop.at,
    account: 'points',
    amount: drop.creditedPoints,
    kind: 'waste-drop',
    status: 'confirmed',
    reason: drop.creditedPoints < drop.claimedPoints ? 'daily-cap' : null,
  };
}

/** `family` {residentKey}: the resident's family members, `[{residentKey, label}]` with masked labels. */
export function answerFamily(config: HallConfig, args: Record<string, unknown>): RequestAnswer {
  const parsed = residentArgsSchema.safeParse(args);
  if (!parsed.success) return invalid(parsed.error);
  const { residentKey } = parsed.data;
  const members = new Map<string, string>();
  for (const family of config.families) {
    if (!family.members.some((member) => member.residentKey === residentKey)) continue;
    for (const member of family.members)
      if (member.residentKey !== residentKey && !members.has(member.residentKey))
        members.set(member.residentKey, member.label);
  }
  return { status: 'ok', data: [...members].map(([key, label]) => ({ residentKey: key, label })) };
}

/** `approval.status` {applicationNo}: `{applicationNo, title, status, updatedAt}`, or the error 'not found'. */
export function answerApprovalStatus(config: HallConfig, args: Record<string, unknown>): RequestAnswer {
  const parsed = applicationArgsSchema.safeParse(args);
  if (!parsed.success) return invalid(parsed.error);
  const found = config.approvals.find((approval) => approval.applicationNo === parsed.data.applicationNo);
  if (!found) return { status: 'error', error: 'not found' };
  const { applicationNo, title, status, updatedAt } = found;
  return { status: 'ok', data: { applicationNo, title, status, updatedAt } };
}

/** `approval.list` {residentKey}: the resident's own applications, most recently updated first. */
export function answerApprovalList(config: HallConfig, args: Record<string, unknown>): RequestAnswer {
  const parsed = residentArgsSchema.safeParse(args);
  if (!parsed.success) return invalid(parsed.error);
  const items = config.approvals
    .filter((approval) => approval.residentKey === parsed.data.residentKey)
    .sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt))
    .map(({ applicationNo, title, status, updatedAt }) => ({ applicationNo, title, status, updatedAt }));
  return { status: 'ok', data: items };
}
