import type { WasteSessionView, WasteStep } from '@yaofang/shared';
import type { WasteRules } from '@yaofang/shared/waste';
import type { Logger } from 'pino';
import type { Db } from '../../store/database.ts';
import type { StoredBalance } from '../../sync/sync-store.ts';
import type { BinWatch } from './bin-watch.ts';
import type { ReceiptBuilder } from './drop-receipt.ts';
import type { WasteFlowStore } from './flow-store.ts';
import type { PrinterPort, ScalePort } from './ports.ts';
import type { ActiveSession } from './views.ts';

/** What the `waste-drop` flow is built from, and its timing. */

export interface DropFlowTiming {
  /** A session with no intent for this long ends (never in the middle of a drop). */
  idleMs: number;
  /** One attempt at a stable reading. */
  stableTimeoutMs: number;
  /** Attempts at the after-weight: the drop is in the bin, so it is worth waiting for. */
  weighAfterAttempts: number;
  /** How long a lid may take to open or close. */
  lidTimeoutMs: number;
  /** Drop time when the controller has no auto-close of its own. */
  defaultDropMs: number;
  /** After `closesAt`, how long the flow waits for the controller's auto-close before closing itself. */
  closeGraceMs: number;
  /** After a failed transaction for lack of space, how long new drops are refused. */
  storageFullHoldMs: number;
}

export const DEFAULT_DROP_FLOW_TIMING: DropFlowTiming = {
  idleMs: 120_000,
  stableTimeoutMs: 8_000,
  weighAfterAttempts: 3,
  lidTimeoutMs: 15_000,
  defaultDropMs: 30_000,
  closeGraceMs: 3_000,
  storageFullHoldMs: 60_000,
};

export interface DropFlowDeps {
  db: Db;
  store: WasteFlowStore;
  balances: { balance(residentKey: string, account: 'points'): StoredBalance | null };
  rules: () => WasteRules;
  /** Null on a station without a bin controller: nothing can be chosen. */
  binWatch: BinWatch | null;
  scale?: ScalePort | undefined;
  printer?: PrinterPort | undefined;
  stationId: string;
  /** Turns a drop into a receipt (`wasteReceipt` from `@yaofang/shared/waste-receipt`); without it, no printing. */
  buildReceipt?: ReceiptBuilder | undefined;
  /** After a `waste.deposited` event is committed (the uplink's kick). */
  onEventWritten: () => void;
  /** The session view after every change, null when the session ended. */
  onSessionChange: (view: WasteSessionView | null) => void;
  log: Logger;
  timing?: Partial<DropFlowTiming>;
  now?: () => number;
}

/** Steps in which the lid may be open or a weight is being taken: the session cannot end there. */
export const BUSY: readonly WasteStep[] = [
  'weighing-before',
  'opening',
  'dropping',
  'closing',
  'weighing-after',
];
/** Persisted steps after which a restart must finish the drop: the lid may have opened. */
export const RECOVER: readonly WasteStep[] = ['opening', 'dropping', 'closing', 'weighing-after'];

/** What a session looks like again after a drop (recorded or not). */
export const RESULT_RESET = {
  step: 'result',
  compartment: null,
  dropId: null,
  grossBeforeGrams: null,
  closesAt: null,
} as const satisfies Partial<ActiveSession>;
