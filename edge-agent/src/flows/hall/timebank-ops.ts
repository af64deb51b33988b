import { uuidv7 } from '@yaofang/shared';
import { DEFAULT_TIMEBANK_RULES, type ServiceType, type TimebankRules } from '@yaofang/shared/timebank';
import type { Logger } from 'pino';
import { hitFailpoint } from '../../failpoints.ts';
import { writeWithRoom } from '../../store/capacity.ts';
import type { Db } from '../../store/database.ts';
import { OfflineDebitQuota, type OfflineQuotaState } from '../timebank/offline-quota.ts';
import type { HallStore, NewOperation } from './hall-store.ts';
import type { HallSync, UplinkState } from './ports.ts';
import type { HallNotice, HallSession, Tap } from './session.ts';
import { localDay } from './sign-in.ts';

export interface TimebankOpsDeps {
  db: Db;
  store: HallStore;
  sync: HallSync;
  uplink: UplinkState;
  now: () => number;
  utcOffsetMinutes: number;
  rules: () => TimebankRules;
  onEventWritten: () => void;
  log: Logger;
}

export type Debit =
  | { kind: 'withdraw'; minutes: number; serviceType: ServiceType }
  | { kind: 'donate'; minutes: number }
  | { kind: 'transfer'; minutes: number; toKey: string };

/**
 * The time bank at the kiosk: a volunteer service (start → recipient taps →
 * end → both tap → deposit of the whole minutes elapsed) and the debits
 * (withdraw, donate, transfer). Each returns the notice to show, or null.
 */
export class TimebankOps {
  constructor(private readonly deps: TimebankOpsDeps) {}

  startService(s: HallSession, serviceType: ServiceType): HallNotice | null {
    const open = this.deps.store.openServiceOf(s.residentKey);
    s.service = open
      ? {
          state: 'in-progress',
          serviceType: open.serviceType,
          serviceId: open.serviceId,
          recipientKey: open.recipientKey,
          startedAt: open.startedAt,
          endTaps: { volunteer: false, recipient: false },
          minutes: null,
        }
      : {
          state: 'waiting-recipient',
          serviceType,
          serviceId: null,
          recipientKey: null,
          startedAt: null,
          endTaps: { volunteer: false, recipient: false },
          minutes: null,
        };
    return null;
  }

  /** The signed-in volunteer's service still in progress (from an earlier session), if any. */
  resumeService(s: HallSession): void {
    if (this.deps.store.openServiceOf(s.residentKey)) this.startService(s, 'other');
  }

  endService(s: HallSession): void {
    if (s.service?.state === 'in-progress') s.service.state = 'waiting-end-taps';
  }

  /** A tap while a service waits for one; false when the service did not want it. */
  serviceTap(s: HallSession, tap: Tap): { used: boolean; notice: HallNotice | null } {
    const service = s.service;
    if (!service) return { used: false, notice: null };
    if (service.state === 'waiting-recipient') {
      if (tap.residentKey === s.residentKey) return { used: true, notice: null };
      const startedAt = this.deps.now();
      const serviceId = uuidv7(startedAt);
      const written = writeWithRoom(this.deps.db, () =>
        this.deps.store.openService({
          serviceId,
          volunteerKey: s.residentKey,
          recipientKey: tap.residentKey,
          serviceType: service.serviceType,
          startedAt,
        }),
      );
      if (!written.ok) return { used: true, notice: { code: 'storage-full' } };
      Object.assign(service, { state: 'in-progress', serviceId, recipientKey: tap.residentKey, startedAt });
      return { used: true, notice: null };
    }
    if (service.state !== 'waiting-end-taps') return { used: false, notice: null };
    if (tap.residentKey === s.residentKey) service.endTaps.volunteer = true;
    else if (tap.residentKey === service.recipientKey) service.endTaps.recipient = true;
    else return { used: true, notice: null };
    if (!service.endTaps.volunteer || !service.endTaps.recipient) return { used: true, notice: null };
    return { used: true, notice: this.deposit(s) };
  }

  private deposit(s: HallSession): HallNotice | null {
    const service = s.service!;
    const endedAt = this.deps.now();
    const startedAt = service.startedAt!;
    const minutes = Math.floor((endedAt - startedAt) / 60_000);
    service.minutes = minutes;
    service.state = 'submitted';
    // Under one whole minute there is nothing to deposit; the view shows 0.
    if (minutes < 1) return null;
    const opId = uuidv7(endedAt);
    const data = {
      opId,
      volunteerKey: s.residentKey,
      recipientKey: service.recipientKey!,
      serviceType: service.serviceType,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      minutes,
    };
    return this.write(
      {
        type: 'timebank.deposit.requested',
        kind: 'deposit',
        data,
        residentKey: s.residentKey,
        ledgerMinutes: minutes,
      },
      undefined,
      service.serviceId ?? undefined,
    );
  }

  debit(s: HallSession, debit: Debit): HallNotice | null {
    const { now, store, sync, uplink, rules, log } = this.deps;
    const at = now();
    const opId = uuidv7(at);
    const snapshot = sync.balance(s.residentKey, 'minutes')?.balance ?? null;
    const pending = store.pendingAmounts(s.residentKey, 'minutes');
    let quota: OfflineQuotaState | undefined;
    if (!uplink.isConnected()) {
      const offline = new OfflineDebitQuota({
        offlineDebitQuotaMinutes: rules().offlineDebitQuotaMinutes,
        utcOffsetMinutes: this.deps.utcOffsetMinutes,
      });
      const decision = offline.decide(
        store.offlineQuota(),
        { residentKey: s.residentKey, minutes: debit.minutes, at },
        { snapshotMinutes: snapshot, pendingMinutes: pending },
      );
      if (!decision.allowed) {
        log.info({ code: decision.code }, 'offline debit refused');
        return { code: 'offline-quota', detail: decision.message };
      }
      quota = decision.state;
    } else {
      const shown = (snapshot ?? 0) + pending.reduce((sum, minutes) => sum + minutes, 0);
      if (debit.minutes > shown + rules().overdraftLimitMinutes) return { code: 'insufficient-balance' };
    }
    const base = { residentKey: s.residentKey, ledgerMinutes: -debit.minutes };
    switch (debit.kind) {
      case 'withdraw':
        return this.write(
          {
            ...base,
            type: 'timebank.withdraw.requested',
            kind: 'withdraw',
            data: {
              opId,
              residentKey: s.residentKey,
              minutes: debit.minutes,
              serviceType: debit.serviceType,
            },
          },
          quota,
        );
      case 'donate':
        return this.write(
          {
            ...base,
            type: 'timebank.donate.requested',
            kind: 'donate',
            data: { opId, residentKey: s.residentKey, minutes: debit.minutes, pool: 'community' },
          },
          quota,
        );
      case 'transfer':
        return this.write(
          {
            ...base,
            type: 'timebank.transfer.requested',
            kind: 'transfer',
            data: { opId, fromKey: s.residentKey, toKey: debit.toKey, minutes: debit.minutes },
          },
          quota,
        );
    }
  }

  private write(
    op: Omit<NewOperation, 'localDay'>,
    quota?: OfflineQuotaState,
    closeService?: string,
  ): HallNotice | null {
    const now = this.deps.now();
    const full = { ...op, localDay: localDay(now, this.deps.utcOffsetMinutes) };
    const written = writeWithRoom(this.deps.db, () =>
      this.deps.store.recordOperation(full, now, quota, closeService),
    );
    if (!written.ok) return { code: 'storage-full' };
    hitFailpoint('after-timebank-commit');
    this.deps.log.info(
      { type: op.type, seq: written.value, minutes: op.data.minutes },
      'time-bank operation recorded',
    );
    this.deps.onEventWritten();
    return null;
  }
}

export const defaultTimebankRules = (): TimebankRules => DEFAULT_TIMEBANK_RULES;
