import type { TimebankRules } from '@yaofang/shared/timebank';

/**
 * How much a terminal may let a resident spend (withdraw, donate, transfer)
 * from the time bank while the central platform is unreachable.
 *
 * Two limits, both must hold:
 * - a daily quota per resident (`offlineDebitQuotaMinutes`), counted per
 *   local day, which starts at local midnight of the configured UTC offset;
 * - what the resident certainly has: the last central snapshot plus the
 *   pending local debits. Pending local credits are not counted and the
 *   overdraft allowance is not lent offline, because the centre may still
 *   reject those credits, and other terminals may have spent from the same
 *   balance since the snapshot. So the terminal never hands out minutes the
 *   centre would refuse.
 *
 * Pure: the caller keeps the returned state (in the same transaction as the
 * debit it allowed) and passes it back next time.
 */

export interface OfflineQuotaConfig {
  offlineDebitQuotaMinutes: TimebankRules['offlineDebitQuotaMinutes'];
  /** Local time minus UTC, in minutes: +480 for China Standard Time. */
  utcOffsetMinutes: number;
}

/** Minutes spent offline, per residentKey, on one local day. Plain data: store it as JSON. */
export type OfflineQuotaState = Readonly<Record<string, { day: number; usedMinutes: number }>>;

export interface OfflineDebitRequest {
  residentKey: string;
  minutes: number;
  /** Epoch milliseconds of the attempt, from the terminal's clock. */
  at: number;
}

export interface ResidentBalanceView {
  /** The last balance the centre sent for this resident; null if this terminal has none. */
  snapshotMinutes: number | null;
  /** Signed minutes of local entries the centre has not confirmed yet (credits > 0, debits < 0). */
  pendingMinutes: readonly number[];
}

export type OfflineRefusal = 'invalid-minutes' | 'no-snapshot' | 'daily-quota' | 'balance';

export type OfflineDebitDecision =
  | {
      allowed: true;
      /** The state to keep once the debit is written. */
      state: OfflineQuotaState;
      /** What the resident may still spend offline today after this debit. */
      remainingTodayMinutes: number;
    }
  | { allowed: false; code: OfflineRefusal; message: string };

const DAY_MS = 86_400_000;

export class OfflineDebitQuota {
  private readonly quota: number;
  private readonly offsetMs: number;

  constructor(config: OfflineQuotaConfig) {
    const { offlineDebitQuotaMinutes: quota, utcOffsetMinutes: offset } = config;
    if (!Number.isInteger(quota) || quota < 0)
      throw new RangeError(
        `offlineDebitQuotaMinutes: use a whole number of minutes, 0 or more (got ${quota})`,
      );
    if (!Number.isInteger(offset) || offset < -720 || offset > 840)
      throw new RangeError(
        `utcOffsetMinutes: use whole minutes between -720 and 840, e.g. 480 (got ${offset})`,
      );
    this.quota = quota;
    this.offsetMs = offset * 60_000;
  }

  /** The local day number of an instant: days since 1970-01-01 in local time. */
  localDay(at: number): number {
    return Math.floor((at + this.offsetMs) / DAY_MS);
  }

  /** Minutes this resident has spent offline on the local day of `at`. */
  usedOn(state: OfflineQuotaState, residentKey: string, at: number): number {
    const entry = state[residentKey];
    if (!entry) return 0;
    // A day in the past is over. A day in the future means the clock went back: keep counting it,
    // so turning the clock back cannot buy a fresh quota.
    return entry.day < this.localDay(at) ? 0 : entry.usedMinutes;
  }

  /** What the resident may still spend offline at `at`, by both limits. */
  available(state: OfflineQuotaState, residentKey: string, at: number, balance: ResidentBalanceView): number {
    const left = this.quota - this.usedOn(state, residentKey, at);
    return Math.max(0, Math.min(left, certainBalance(balance) ?? 0));
  }

  decide(
    state: OfflineQuotaState,
    request: OfflineDebitRequest,
    balance: ResidentBalanceView,
  ): OfflineDebitDecision {
    const { residentKey, minutes, at } = request;
    if (!Number.isInteger(minutes) || minutes <= 0)
      return refuse(
        'invalid-minutes',
        `The amount must be a whole number of minutes above zero, not ${minutes}.`,
      );

    const certain = certainBalance(balance);
    if (certain === null)
      return refuse(
        'no-snapshot',
        'This terminal has no balance from the service centre for this card yet, so it cannot spend minutes while offline. Please try again when the connection is back.',
      );

    const used = this.usedOn(state, residentKey, at);
    const leftToday = Math.max(0, this.quota - used);
    if (minutes > leftToday)
      return refuse(
        'daily-quota',
        this.quota === 0
          ? 'Minutes cannot be spent while the service centre is offline. Please try again when the connection is back.'
          : leftToday === 0
            ? `While the service centre is offline, at most ${this.quota} minutes a day can be spent, and today's are used up. Please try again after midnight or when the connection is back.`
            : `While the service centre is offline, at most ${this.quota} minutes a day can be spent; ${leftToday} are left today, not ${minutes}.`,
      );

    if (minutes > certain)
      return refuse(
        'balance',
        certain <= 0
          ? 'There are no confirmed minutes to spend right now. New deposits count once the service centre confirms them.'
          : `Only ${certain} confirmed minutes can be spent right now, not ${minutes}. New deposits count once the service centre confirms them.`,
      );

    const day = this.localDay(at);
    const kept = Object.fromEntries(
      Object.entries(state).filter(([key, entry]) => key !== residentKey && entry.day >= day),
    );
    const usedMinutes = used + minutes;
    const entryDay = Math.max(day, state[residentKey]?.day ?? day);
    return {
      allowed: true,
      state: { ...kept, [residentKey]: { day: entryDay, usedMinutes } },
      remainingTodayMinutes: Math.max(0, Math.min(this.quota - usedMinutes, certain - minutes)),
    };
  }
}

/** Snapshot plus pending debits (never pending credits); null without a snapshot. */
function certainBalance(balance: ResidentBalanceView): number | null {
  if (balance.snapshotMinutes === null) return null;
  return balance.pendingMinutes.reduce(
    (sum, minutes) => (minutes < 0 ? sum + minutes : sum),
    balance.snapshotMinutes,
  );
}

function refuse(code: OfflineRefusal, message: string): OfflineDebitDecision {
  return { allowed: false, code, message };
}
