import type { DeviceHealth } from '@yaofang/firmware-bridge';
import type { Disposer } from '@yaofang/shared';
import type { Logger } from 'pino';
import type { Outbox } from '../store/outbox.ts';

/** What the supervisor needs of any running device. */
export interface SupervisedDevice {
  id: string;
  kind: string;
  health(): DeviceHealth;
  onHealth(listener: (health: DeviceHealth) => void): Disposer;
}

export interface DeviceSupervisorDeps {
  devices: readonly SupervisedDevice[];
  outbox: Outbox;
  log: Logger;
  /** Called after an alarm event is committed (the uplink's `kick`). */
  onEventWritten: () => void;
  /** A state must hold this long before it is reported: a flapping cable is one alarm, not fifty. */
  settleMs?: number;
}

type Reported = DeviceHealth['state'];

/**
 * Watches every device's health. A fault that persists, and the recovery
 * after it, become durable `device.alarm` events for the central platform;
 * the current health of all devices goes into telemetry.
 */
export class DeviceSupervisor {
  private readonly disposers: Disposer[] = [];
  private readonly reported = new Map<string, Reported>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: DeviceSupervisorDeps) {}

  start(): void {
    for (const device of this.deps.devices) {
      // At start a device is "connected" until it says otherwise; a device
      // absent from the start raises its alarm once it has stayed absent.
      this.reported.set(device.id, 'connected');
      this.disposers.push(device.onHealth((health) => this.changed(device, health)));
      this.changed(device, device.health());
    }
  }

  stop(): void {
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** For telemetry and the technician page. */
  summary(): Record<
    string,
    { kind: string } & Pick<DeviceHealth, 'state' | 'lastError' | 'errorCount' | 'frameCount'>
  > {
    return Object.fromEntries(
      this.deps.devices.map((device) => {
        const { state, lastError, errorCount, frameCount } = device.health();
        return [device.id, { kind: device.kind, state, lastError, errorCount, frameCount }];
      }),
    );
  }

  private changed(device: SupervisedDevice, health: DeviceHealth): void {
    const pending = this.timers.get(device.id);
    if (pending) clearTimeout(pending);
    this.timers.delete(device.id);
    if (health.state === this.reported.get(device.id)) return;
    const timer = setTimeout(() => {
      this.timers.delete(device.id);
      const now = device.health();
      if (now.state === this.reported.get(device.id)) return;
      this.report(device, now);
    }, this.deps.settleMs ?? 2000);
    timer.unref();
    this.timers.set(device.id, timer);
  }

  private report(device: SupervisedDevice, health: DeviceHealth): void {
    const previous = this.reported.get(device.id);
    this.reported.set(device.id, health.state);
    const data = {
      deviceId: device.id,
      kind: device.kind,
      state: health.state,
      previous: previous ?? null,
      recovered: health.state === 'connected',
      lastError: health.lastError,
      since: new Date(health.since).toISOString(),
    };
    try {
      this.deps.outbox.appendNow('device.alarm', data);
      this.deps.onEventWritten();
    } catch (error) {
      this.deps.log.error({ err: error, deviceId: device.id }, 'could not record device alarm');
    }
    const level = health.state === 'connected' ? 'info' : 'warn';
    this.deps.log[level](
      { deviceId: device.id, state: health.state, lastError: health.lastError },
      'device health changed',
    );
  }
}
