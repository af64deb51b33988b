import type { HallSessionView } from '@yaofang/shared/hall-session';

/** A hall session view for unit tests and the e2e script. */
export const FAMILY_KEY = 'a'.repeat(64);

export function hallSession(patch: Partial<HallSessionView> = {}): HallSessionView {
  return {
    sessionId: 'hall-session-1',
    resident: {
      signedInWith: 'idcard',
      maskedName: '张*三',
      maskedIdNumber: '320102********1234',
      household: null,
    },
    balances: {
      points: { confirmed: 517, pending: 3, shown: 520 },
      minutes: { confirmed: 300, pending: 0, shown: 300 },
    },
    history: null,
    binding: { state: 'idle' },
    service: null,
    operations: [],
    family: null,
    approvals: null,
    ticket: null,
    notice: null,
    ...patch,
  };
}
