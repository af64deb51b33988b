import type { DeviceHealth } from '@yaofang/firmware-bridge';
import { Listeners } from '@yaofang/firmware-bridge/transport/emitter';
import type { Disposer } from '@yaofang/shared';

/** What a slot needs of a driver: every driver in the firmware bridge has this shape. */
export interface Driver {
  /** Starts the driver's transport too. */
  start(): void;
  stop(): Promise<void>;
  health(): DeviceHealth;
  onHealth(listener: (health: DeviceHealth) => void): Disposer;
}

/**
 * One configured device's driver, replaceable. `restart()` stops the driver
 * and starts a fresh one (with a fresh transport), while everyone subscribed
 * through the slot keeps their subscription: the supervisor, the flows and
 * the command handlers never hold a stale driver.
 */
export class DriverSlot<D extends Driver> {
  private driver: D;
  private attached: Disposer[] = [];
  private readonly healthListeners = new Listeners<DeviceHealth>();
  private running = false;
  /** Restarts and stops run one after another, never interleaved. */
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param create builds a new driver and its transport (not started).
   * @param attach subscribes the device's own events on a new driver; returns the disposers.
   */
  constructor(
    private readonly create: () => D,
    private readonly attach: (driver: D) => Disposer[],
  ) {
    this.driver = create();
  }

  /** The driver running now; do not keep it across a restart. */
  get current(): D {
    return this.driver;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wire(this.driver);
    this.driver.start();
  }

  restart(): Promise<void> {
    return this.serially(async () => {
      await this.unwire();
      this.driver = this.create();
      this.running = true;
      this.wire(this.driver);
      this.driver.start();
      this.healthListeners.emit(this.driver.health());
    });
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      this.running = false;
      await this.unwire();
    });
  }

  health(): DeviceHealth {
    return this.driver.health();
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.healthListeners.add(listener);
  }

  private wire(driver: D): void {
    this.attached = [driver.onHealth((health) => this.healthListeners.emit(health)), ...this.attach(driver)];
  }

  /** Detach first, so the old driver's last "disconnected" reaches nobody. */
  private async unwire(): Promise<void> {
    for (const dispose of this.attached.splice(0)) dispose();
    await this.driver.stop();
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
