import { err, ok, type Disposer, type Result } from '@yaofang/shared/result';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { Listeners } from '../transport/emitter.ts';
import type { ByteTransport } from '../transport/types.ts';
import { IdCardExchange } from './exchange.ts';
import { faultFromSw3, type IdCardFault } from './faults.ts';
import { toReadMessage, type IdCardReadMessage } from './read-message.ts';
import type { IdCardReply } from './reply.ts';
import type { IdCardCommand } from './request.ts';
import type { Sw3 } from './sw3.ts';
import type { CardIdentity } from './text-block.ts';

export interface IdCardDriverOptions {
  /** Pause between poll cycles (find → select → read). */
  pollIntervalMs?: number;
  /** Per-step reply timeouts. A SAM finds and selects within ~100 ms and reads within 2–3 s. */
  timeoutsMs?: Partial<Record<'find' | 'select' | 'read' | 'sam', number>>;
  /**
   * Further attempts after a timeout, a damaged reply or a damaged request
   * (per step); also further cycles at one presentation after a card-side
   * failure before it is reported.
   */
  retries?: number;
  /** After damaged bytes, how long to wait for an intact reply before trying again. */
  settleMs?: number;
  /** Read with fingerprint (`30 10`); the fingerprint is dropped like the photo. */
  withFingerprint?: boolean;
}

/** One read per presentation: the flat fields of the decode contract plus the card's own. */
export type IdCardReadEvent = IdCardReadMessage & { at: number; identity: CardIdentity };
export type IdCardEvent = IdCardReadEvent | { type: 'idcard.fault'; at: number; fault: IdCardFault };

/**
 * Resident ID card reader (GA 467 style SAM). The host polls: find → select →
 * read, one command at a time, each with a timeout and retries. One
 * `idcard.read` per presentation: after a read, nothing more is read until
 * find reports an empty field, i.e. the card was lifted.
 */
export class IdCardDriver {
  private readonly events = new Listeners<IdCardEvent>();
  private readonly tracker: HealthTracker;
  private readonly pollIntervalMs: number;
  private readonly timeouts: Record<'find' | 'select' | 'read' | 'sam', number>;
  private readonly retries: number;
  private readonly exchange: IdCardExchange;
  private readonly readCommand: IdCardCommand;
  private running = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private disposers: Disposer[] = [];
  /** The card in the field was read; no other read until the field is seen empty. */
  private awaitingLift = false;
  /** Failed attempts at the card in the field. */
  private failedAttempts = 0;
  /** The device fault last reported, so a lasting fault is reported once, not every cycle. */
  private reportedDeviceFault: string | null = null;

  constructor(
    private readonly transport: ByteTransport,
    options: IdCardDriverOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.timeouts = { find: 300, select: 300, read: 4000, sam: 1000, ...options.timeoutsMs };
    this.retries = options.retries ?? 2;
    this.readCommand = { name: options.withFingerprint ? 'read-fingerprint' : 'read-base' };
    this.tracker = new HealthTracker(transport);
    this.exchange = new IdCardExchange(transport, this.tracker, {
      retries: this.retries,
      settleMs: options.settleMs ?? 100,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.disposers.push(this.exchange.attach());
    this.transport.start();
    this.schedulePoll(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.exchange.close();
    for (const dispose of this.disposers.splice(0)) dispose();
    this.tracker.dispose();
    await this.transport.stop();
  }

  onEvent(listener: (event: IdCardEvent) => void): Disposer {
    return this.events.add(listener);
  }

  onHealth(listener: (health: DeviceHealth) => void): Disposer {
    return this.tracker.onChange(listener);
  }

  health(): DeviceHealth {
    return this.tracker.get();
  }

  /** SAM status, for diagnostics: `90` when the module is well. */
  samStatus(): Promise<Result<Sw3, IdCardFault>> {
    return this.exchange.exclusive(async () => {
      const result = await this.exchange.send({ name: 'sam-status' }, this.timeouts.sam);
      return result.ok ? ok(result.value.sw3) : result;
    });
  }

  resetSam(): Promise<Result<Sw3, IdCardFault>> {
    return this.exchange.exclusive(async () => {
      const result = await this.exchange.send({ name: 'reset-sam' }, this.timeouts.sam);
      return result.ok ? ok(result.value.sw3) : result;
    });
  }

  /** The SAM module's 16-byte id as hex, for the technician's device page. */
  samId(): Promise<Result<string, IdCardFault>> {
    return this.exchange.exclusive(async () => {
      const result = await this.exchange.send({ name: 'read-sam-id' }, this.timeouts.sam);
      if (!result.ok) return result;
      if (result.value.type === 'sam-id') return ok(result.value.samId);
      return err({
        code: 'bad-reply',
        command: 'read-sam-id',
        message: 'the reader answered read-SAM-id without an id',
      });
    });
  }

  private schedulePoll(delayMs: number): void {
    if (!this.running) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, delayMs);
  }

  private async poll(): Promise<void> {
    try {
      if (this.transport.health().state === 'connected') await this.exchange.exclusive(() => this.cycle());
    } finally {
      this.schedulePoll(this.pollIntervalMs);
    }
  }

  private async cycle(): Promise<void> {
    const found = await this.exchange.send({ name: 'find' }, this.timeouts.find);
    if (!found.ok) return this.deviceFault(found.error);
    this.reportedDeviceFault = null;
    if (found.value.type !== 'card-found') {
      const fault = cardFault(found.value);
      return fault.code === 'no-card' ? this.fieldEmpty() : this.attemptFailed(fault);
    }
    if (this.awaitingLift) return;

    const selected = await this.exchange.send({ name: 'select' }, this.timeouts.select);
    if (!selected.ok) return this.deviceFault(selected.error);
    if (selected.value.type !== 'card-selected') return this.attemptFailed(cardFault(selected.value));

    const read = await this.exchange.send(this.readCommand, this.timeouts.read);
    if (!read.ok) return this.deviceFault(read.error);
    if (read.value.type !== 'identity') return this.attemptFailed(cardFault(read.value));
    if (!read.value.idNumberValid) {
      return this.attemptFailed({
        code: 'read-failed',
        sw3: null,
        message: 'the card number failed its check: a bad read',
      });
    }
    this.failedAttempts = 0;
    this.awaitingLift = true;
    const { identity } = read.value;
    this.events.emit({ ...toReadMessage(identity, true), at: Date.now(), identity });
  }

  /** Find says no card: the card was lifted (or never came). */
  private fieldEmpty(): void {
    if (this.failedAttempts > 0) {
      this.emitFault({
        code: 'card-removed',
        message: 'the card left the reader before it was read; present it again',
      });
    }
    this.failedAttempts = 0;
    this.awaitingLift = false;
  }

  /** A card-side failure: try the card again next cycle, report it once the retries are spent. */
  private attemptFailed(fault: IdCardFault): void {
    this.failedAttempts++;
    if (this.failedAttempts <= this.retries) return;
    this.failedAttempts = 0;
    this.awaitingLift = true;
    this.emitFault(fault);
  }

  private deviceFault(fault: IdCardFault): void {
    const key = `${fault.code}:${'sw3' in fault ? fault.sw3?.byte : ''}`;
    if (key === this.reportedDeviceFault) return;
    this.reportedDeviceFault = key;
    this.emitFault(fault);
  }

  private emitFault(fault: IdCardFault): void {
    this.events.emit({ type: 'idcard.fault', at: Date.now(), fault });
  }
}

/** What a card step's non-success reply means. */
function cardFault(reply: IdCardReply): IdCardFault {
  const fault = reply.type === 'status' ? faultFromSw3(reply.sw3) : null;
  return fault ?? { code: 'read-failed', sw3: reply.sw3, message: `the reader answered ${reply.type}` };
}
