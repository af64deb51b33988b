import type { DeviceKindName } from '../config/schema.ts';
import type { ManagedDevice } from './device-handles.ts';
import type { DriverSlot } from './driver-slot.ts';

/** The members every handle shares, backed by its slot. */
export function managedMembers<K extends DeviceKindName>(
  id: string,
  kind: K,
  slot: Pick<DriverSlot<never>, 'health' | 'onHealth' | 'restart' | 'stop'>,
): ManagedDevice & { kind: K } {
  return {
    id,
    kind,
    health: () => slot.health(),
    onHealth: (listener) => slot.onHealth(listener),
    reset: () => slot.restart(),
    stop: () => slot.stop(),
  };
}

/** A handle plus the `start()` only the Devices module calls. */
export type Startable<H> = { handle: H; start(): void };
