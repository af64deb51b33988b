import type {
  BinEvent,
  BinResult,
  CompartmentState,
  IdCardEvent,
  PrinterStatus,
  PrintResult,
  QueryFailure,
  Receipt,
  scale,
} from '@yaofang/firmware-bridge';
import type { Disposer, Result } from '@yaofang/shared';
import type { DeviceConfig, DeviceKindName } from '../config/schema.ts';
import type { SupervisedDevice } from './supervisor.ts';

/**
 * The typed handles the agent holds on its devices. A handle outlives the
 * driver behind it: `reset()` replaces the driver and every subscription made
 * through the handle stays in place.
 */
export interface ManagedDevice extends SupervisedDevice {
  readonly kind: DeviceKindName;
  /** Stop the driver and start a fresh one with a fresh transport. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** What every card reader reports, whatever its wire: the uid as the reader gives it. */
export type CardReaderEvent =
  { type: 'card.presented'; uid: string; at: number } | { type: 'card.removed'; uid: string; at: number };

export interface CardReaderHandle extends ManagedDevice {
  readonly kind: 'rfid-em4100' | 'rfid-wedge' | 'rfid-wiegand';
  /** Readers that cannot see a card leave (wedge, Wiegand) never send `card.removed`. */
  onCard(listener: (event: CardReaderEvent) => void): Disposer;
}

export interface IdCardReaderHandle extends ManagedDevice {
  readonly kind: 'idcard-ga467';
  /**
   * `idcard.read` carries the raw identity: keep it in memory for the
   * session only, never store, send or log it unmasked.
   */
  onEvent(listener: (event: IdCardEvent) => void): Disposer;
}

export type ZeroFailure = scale.ScaleFailure | { code: 'unsupported'; message: string };

export interface ScaleHandle extends ManagedDevice {
  readonly kind: 'scale';
  readonly protocol: Extract<DeviceConfig, { kind: 'scale' }>['protocol'];
  /** True when the indicator takes a zero command from the host (MT-SICS). */
  readonly canZero: boolean;
  latest(): scale.WeightEvent | null;
  readStable(timeoutMs: number): Promise<scale.ScaleResult<scale.WeightEvent>>;
  zero(): Promise<Result<void, ZeroFailure>>;
  onWeight(listener: (event: scale.WeightEvent) => void): Disposer;
}

export interface PrinterHandle extends ManagedDevice {
  readonly kind: 'printer-escpos';
  print(receipt: Receipt): Promise<PrintResult>;
  status(): Promise<Result<PrinterStatus, QueryFailure>>;
  lastKnownStatus(): PrinterStatus | null;
  onStatus(listener: (status: PrinterStatus) => void): Disposer;
}

export interface BinHandle extends ManagedDevice {
  readonly kind: 'bin-modbus';
  /** Number of compartments, indexed from 0. */
  readonly compartments: number;
  /** `categories[i]` is the waste category of compartment i. */
  readonly categories: readonly string[];
  openLid(compartment: number): Promise<BinResult<null>>;
  closeLid(compartment: number): Promise<BinResult<null>>;
  /** Read the compartment now. */
  compartment(compartment: number): Promise<BinResult<CompartmentState>>;
  /** The poller's last good read, or null. */
  lastKnown(compartment: number): CompartmentState | null;
  /** Lid, alarm and fill changes seen by the poller. */
  onEvent(listener: (event: BinEvent) => void): Disposer;
}
