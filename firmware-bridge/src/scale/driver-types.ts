import type { Disposer, Result } from '@yaofang/shared/result';
import type { DeviceHealth } from '../health.ts';

/** A weight as drivers report it: stability already decided (flag or inferred). */
export interface WeightEvent {
  grams: number;
  stable: boolean;
  /** Where `stable` came from: the device's flag, or our same-reading rule. */
  stability: 'device' | 'inferred';
  overload: boolean;
  net: boolean;
  /** Epoch ms when the frame arrived. */
  at: number;
}

/** Expected scale failures, as values. */
export type ScaleFailure =
  /** No (stable) reading or no reply in time; `last` is what we did see. */
  | { code: 'timeout'; message: string; last: WeightEvent | null }
  /** The scale stayed out of range until the deadline. */
  | { code: 'overload'; message: string; last: WeightEvent }
  | { code: 'disconnected'; message: string }
  /** The device answered, but with a refusal (SICS `ES`/`EL`, `Z I`, …). */
  | { code: 'device-error'; message: string; reply: string }
  | { code: 'stopped'; message: string };

export type ScaleResult<T> = Result<T, ScaleFailure>;

/** What every scale driver offers, whatever its wire format. */
export interface ScaleDriver {
  /** Starts the transport too; the driver owns it from here until `stop()`. */
  start(): void;
  stop(): Promise<void>;
  /** The most recent reading; null before the first and while the link is down. */
  latest(): WeightEvent | null;
  /** A stable, in-range reading within `timeoutMs`, or why not. */
  readStable(timeoutMs: number): Promise<ScaleResult<WeightEvent>>;
  health(): DeviceHealth;
  onWeight(listener: (event: WeightEvent) => void): Disposer;
  onHealth(listener: (health: DeviceHealth) => void): Disposer;
}

export const stoppedFailure = (): ScaleFailure => ({ code: 'stopped', message: 'scale driver stopped' });
