import { err, ok, type Result } from '@yaofang/shared';
import type { TimebankAnswer, TimebankOperation } from '@yaofang/shared/timebank';

/**
 * The reference central's time-bank state, as a pure value: every change
 * returns a new ledger and leaves the old one untouched, so tests can keep
 * any earlier state and the property tests can replay sequences freely.
 */

/** What the central remembers of an opId: what it was, and what it answered. */
export interface DecidedOperation {
  /** A canonical rendering of the operation, to tell a replay from a reused opId. */
  fingerprint: string;
  answer: TimebankAnswer;
}

export interface TimebankLedger {
  /** Residents the central knows; only they may take part in an operation. */
  readonly residents: ReadonlySet<string>;
  /** Minutes per residentKey; a known resident without an entry has 0. */
  readonly balances: ReadonlyMap<string, number>;
  /** Family bindings as symmetric pairs (see `familyPairKey`); not transitive. */
  readonly families: ReadonlySet<string>;
  /** Minutes donated to the community pool (慈善). */
  readonly communityPool: number;
  /** Every opId decided so far, accepted or rejected. */
  readonly decided: ReadonlyMap<string, DecidedOperation>;
  /** Minutes that entered by accepted deposits, and left by accepted withdrawals. */
  readonly depositedTotal: number;
  readonly withdrawnTotal: number;
}

export function emptyTimebankLedger(): TimebankLedger {
  return {
    residents: new Set(),
    balances: new Map(),
    families: new Set(),
    communityPool: 0,
    decided: new Map(),
    depositedTotal: 0,
    withdrawnTotal: 0,
  };
}

export function registerResidents(ledger: TimebankLedger, residentKeys: readonly string[]): TimebankLedger {
  return { ...ledger, residents: new Set([...ledger.residents, ...residentKeys]) };
}

export function isKnownResident(ledger: TimebankLedger, residentKey: string): boolean {
  return ledger.residents.has(residentKey);
}

export function balanceOf(ledger: TimebankLedger, residentKey: string): number {
  return ledger.balances.get(residentKey) ?? 0;
}

/** The same key for (a, b) and (b, a). */
export function familyPairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function areFamily(ledger: TimebankLedger, a: string, b: string): boolean {
  return ledger.families.has(familyPairKey(a, b));
}

export type FamilyBindingError = 'self-binding' | 'unknown-resident';

/** Binds two known, different residents as family, both ways at once. */
export function bindFamily(
  ledger: TimebankLedger,
  a: string,
  b: string,
): Result<TimebankLedger, FamilyBindingError> {
  if (a === b) return err('self-binding');
  if (!isKnownResident(ledger, a) || !isKnownResident(ledger, b)) return err('unknown-resident');
  return ok({ ...ledger, families: new Set([...ledger.families, familyPairKey(a, b)]) });
}

export function unbindFamily(ledger: TimebankLedger, a: string, b: string): TimebankLedger {
  const families = new Set(ledger.families);
  families.delete(familyPairKey(a, b));
  return { ...ledger, families };
}

/** Adds a signed amount to each listed resident's balance. */
export function withBalanceChanges(
  ledger: TimebankLedger,
  changes: ReadonlyArray<readonly [residentKey: string, minutes: number]>,
): TimebankLedger {
  const balances = new Map(ledger.balances);
  for (const [residentKey, minutes] of changes)
    balances.set(residentKey, (balances.get(residentKey) ?? 0) + minutes);
  return { ...ledger, balances };
}

export function withDecision(
  ledger: TimebankLedger,
  operation: TimebankOperation,
  answer: TimebankAnswer,
): TimebankLedger {
  const decided = new Map(ledger.decided);
  decided.set(operation.data.opId, { fingerprint: operationFingerprint(operation), answer });
  return { ...ledger, decided };
}

/** Type plus data with sorted keys: equal for a retry, different for another operation. */
export function operationFingerprint(operation: TimebankOperation): string {
  const data = operation.data as Record<string, unknown>;
  const sorted = Object.fromEntries(
    Object.keys(data)
      .filter((key) => data[key] !== undefined)
      .sort()
      .map((key) => [key, data[key]]),
  );
  return JSON.stringify([operation.type, sorted]);
}

/** Sum of every balance; with the pool and the withdrawn minutes it equals the deposited minutes. */
export function totalBalances(ledger: TimebankLedger): number {
  let total = 0;
  for (const minutes of ledger.balances.values()) total += minutes;
  return total;
}
