import type { DropResult, StationView, WasteSessionView } from '@yaofang/shared/waste-session';

/** Session and station views for the unit tests of the waste screens' logic. */
export const COMPARTMENTS: WasteSessionView['compartments'] = [
  { category: 'kitchen', compartment: 0, state: { state: 'open' }, fillPercent: 20 },
  { category: 'recyclable', compartment: 1, state: { state: 'full' }, fillPercent: 95 },
  {
    category: 'hazardous',
    compartment: 2,
    state: { state: 'closed-until', opensAt: 1_700_000_000_000, opensAtLocal: '18:00' },
    fillPercent: 10,
  },
  { category: 'other', compartment: 3, state: { state: 'fault', reason: 'lid-jammed' }, fillPercent: null },
];

export const DROP: DropResult = {
  dropId: '0190a1b2-0000-7000-8000-000000000001',
  category: 'kitchen',
  netGrams: 1250,
  points: 3,
  outcome: 'credited',
  todayPoints: 12,
  balance: { confirmed: 517, pending: 3, shown: 520 },
  recovered: false,
};

export function session(patch: Partial<WasteSessionView> = {}): WasteSessionView {
  return {
    sessionId: 'session-1',
    step: 'choose-category',
    household: 'H-***01',
    compartments: COMPARTMENTS,
    chosen: null,
    closesAt: null,
    liveGrams: null,
    drops: [],
    notice: null,
    ...patch,
  };
}

export function station(patch: Partial<StationView> = {}): StationView {
  return { role: 'waste', compartments: COMPARTMENTS, faults: [], notice: null, ...patch };
}
