import { residentKey, syntheticIdNumber, uuidv7 } from '@yaofang/shared';
import type { WasteDeposited } from '@yaofang/shared/waste';

/** Synthetic residents and drops for the waste-ledger tests. */

const DISTRICT_KEY = new TextEncoder().encode('synthetic district key for tests');

/** The residentKey of synthetic resident `n` (region 999999, never a real person). */
export const resident = (n: number): string => residentKey(DISTRICT_KEY, syntheticIdNumber(n));

/** `waste.deposited` data of a credited kitchen drop; override any field. */
export function wasteDrop(overrides: Partial<WasteDeposited> = {}): WasteDeposited {
  const netGrams = overrides.netGrams ?? 1250;
  const grossBeforeGrams = overrides.grossBeforeGrams ?? 10_000;
  return {
    dropId: uuidv7(),
    sessionId: uuidv7(),
    residentKey: resident(1),
    household: 'hh-0001',
    category: 'kitchen',
    compartment: 0,
    grossBeforeGrams,
    grossAfterGrams: grossBeforeGrams + netGrams,
    netGrams,
    points: 2,
    outcome: 'credited',
    rulesVersion: 0,
    recovered: false,
    at: '2025-03-14T07:30:00+08:00',
    ...overrides,
  };
}
