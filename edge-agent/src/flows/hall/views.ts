import type { HallSessionView } from '@yaofang/shared';
import type { HallStore } from './hall-store.ts';
import type { HallSync } from './ports.ts';
import type { HallNotice } from './session.ts';

/** Shown balance = the central's last snapshot + local entries it has not acked (待同步). */
export function balancesOf(
  sync: HallSync,
  store: HallStore,
  residentKey: string,
): HallSessionView['balances'] {
  const one = (account: 'points' | 'minutes') => {
    const confirmed = sync.balance(residentKey, account)?.balance ?? 0;
    const pending = store.pendingAmounts(residentKey, account).reduce((sum, n) => sum + n, 0);
    return { confirmed, pending, shown: confirmed + pending };
  };
  return { points: one('points'), minutes: one('minutes') };
}

/** A refusal before anyone signed in: an empty session (no resident) that carries only the notice. */
export function refusalView(sessionId: string, notice: HallNotice): HallSessionView {
  const zero = { confirmed: 0, pending: 0, shown: 0 };
  return {
    sessionId,
    resident: {
      signedInWith: notice.code === 'unbound-card' ? 'rfid' : 'idcard',
      maskedName: null,
      maskedIdNumber: null,
      household: null,
    },
    balances: { points: zero, minutes: zero },
    history: null,
    binding: { state: 'idle' },
    service: null,
    operations: [],
    family: null,
    approvals: null,
    ticket: null,
    notice,
  };
}
