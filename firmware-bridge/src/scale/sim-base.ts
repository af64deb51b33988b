import { assertNever } from '@yaofang/shared/result';
import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import {
  COMMON_COMMANDS,
  GARBAGE,
  parseScaleSimCommand,
  ScaleModel,
  type ScaleSimCommand,
} from './sim-model.ts';

/**
 * What all scale simulators share: the model, typed controls, the text
 * control language and transport ownership. Typed setters throw RangeError on
 * values the format cannot show (a test bug); `control()` turns that into an
 * `ok: false` reply.
 */
export abstract class ScaleSimulatorBase implements Simulator {
  protected readonly model: ScaleModel;
  protected running = false;

  constructor(
    protected readonly transport: ByteTransport,
    decimals: number,
    private readonly extraCommands: readonly string[] = [],
  ) {
    this.model = new ScaleModel(decimals);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.transport.start();
    this.onStart();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.onStop();
    await this.transport.stop();
  }

  setGrams(grams: number): void {
    if (!Number.isSafeInteger(grams)) throw new RangeError(`grams must be an integer, got ${grams}`);
    this.checkShowable(grams, this.model.decimals);
    this.model.loadGrams = grams;
  }

  setMotion(on: boolean): void {
    this.model.setMotion(on);
  }

  setOverload(on: boolean): void {
    if (on && !this.supportsOverload())
      throw new RangeError(`${this.formatName()} has no way to signal overload`);
    this.model.overload = on;
  }

  /** Silent: the device stays connected but sends nothing (a hung indicator). */
  setSilent(on: boolean): void {
    this.model.silent = on;
  }

  setDecimals(decimals: number): void {
    this.checkShowable(this.model.loadGrams, decimals);
    this.model.decimals = decimals;
  }

  injectGarbage(bytes: Uint8Array = GARBAGE): Promise<void> {
    return this.send(bytes);
  }

  async control(line: string): Promise<SimReply> {
    const command = parseScaleSimCommand(line);
    if ('error' in command) {
      return {
        ok: false,
        error: `${command.error}; commands: ${[...COMMON_COMMANDS, ...this.extraCommands].join(', ')}`,
      };
    }
    try {
      return { ok: true, message: await this.apply(command) };
    } catch (error) {
      if (error instanceof RangeError) return { ok: false, error: error.message };
      throw error;
    }
  }

  snapshot(): Record<string, unknown> {
    const { loadGrams, motion, overload, silent, decimals } = this.model;
    return {
      format: this.formatName(),
      grams: loadGrams,
      motion,
      overload,
      silent,
      decimals,
      running: this.running,
    };
  }

  protected async apply(command: ScaleSimCommand): Promise<string> {
    switch (command.kind) {
      case 'grams':
        this.setGrams(command.grams);
        return `load ${command.grams} g`;
      case 'motion':
        this.setMotion(command.on);
        return `motion ${command.on ? 'on' : 'off'}`;
      case 'overload':
        this.setOverload(command.on);
        return `overload ${command.on ? 'on' : 'off'}`;
      case 'silent':
        this.setSilent(command.on);
        return `silent ${command.on ? 'on' : 'off'}`;
      case 'garbage':
        await this.injectGarbage();
        return `sent ${GARBAGE.length} garbage bytes`;
      case 'decimals':
        this.setDecimals(command.decimals);
        return `decimals ${command.decimals}`;
      case 'tare':
        return this.tare(command.clear);
      default:
        return assertNever(command, 'scale simulator command');
    }
  }

  /** Only some indicators have a tare the host can see; the rest refuse. */
  protected tare(_clear: boolean): string {
    throw new RangeError(`${this.formatName()} simulator has no tare`);
  }

  /** Device-side writes fail while the link is down; a real device just talks into the void. */
  protected async send(bytes: Uint8Array): Promise<void> {
    if (this.transport.health().state !== 'connected') return;
    await this.transport.write(bytes).catch(() => undefined);
  }

  protected abstract formatName(): string;
  protected abstract supportsOverload(): boolean;
  /** Throws RangeError when `grams` does not fit the display at `decimals`. */
  protected abstract checkShowable(grams: number, decimals: number): void;
  protected abstract onStart(): void;
  protected abstract onStop(): void;
}
