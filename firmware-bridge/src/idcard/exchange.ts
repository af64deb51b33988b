import { err, ok, type Disposer, type Result } from '@yaofang/shared/result';
import type { HealthTracker } from '../health.ts';
import type { ByteTransport } from '../transport/types.ts';
import { faultFromSw3, type IdCardFault } from './faults.ts';
import { IdCardFrameDecoder, frameHead } from './frame.ts';
import { decodeReply, type IdCardReply, type IdCardReplyType } from './reply.ts';
import { encodeIdCardRequest, type IdCardCommand, type IdCardCommandName } from './request.ts';

export interface ExchangeOptions {
  /** Further attempts after a timeout, a damaged reply or a damaged request. */
  retries: number;
  /** After damaged bytes, how long to wait for an intact reply before trying again. */
  settleMs: number;
}

/** The reply each command succeeds with. */
const SUCCESS: Record<IdCardCommandName, IdCardReplyType> = {
  find: 'card-found',
  select: 'card-selected',
  'read-base': 'identity',
  'read-fingerprint': 'identity',
  'read-appended-address': 'appended-address',
  'read-sam-id': 'sam-id',
  'sam-status': 'status',
  'reset-sam': 'status',
  'set-baud': 'status',
};

/**
 * A failure status answers any command; a success that is not this command's
 * is a late reply to an earlier attempt and is ignored.
 */
function answers(command: IdCardCommand, reply: IdCardReply): boolean {
  return reply.type === SUCCESS[command.name] || (reply.type === 'status' && reply.sw3.category !== 'ok');
}

const CARD_FAULTS = new Set<IdCardFault['code']>(['no-card', 'select-failed', 'read-failed']);

interface Pending {
  command: IdCardCommand;
  deadline: number;
  timer: NodeJS.Timeout;
  damaged: string | null;
  settle(outcome: Result<IdCardReply, IdCardFault>): void;
}

export const linkDown = (why: string): IdCardFault => ({
  code: 'link-down',
  message: `no link to the reader: ${why}`,
});

/**
 * Request/reply over one transport: one command at a time, each with a
 * timeout and retries, late replies to earlier attempts ignored, every
 * frame and fault counted in the health. Frames are recorded by header only:
 * a read reply's data is a person's identity.
 */
export class IdCardExchange {
  private readonly decoder = new IdCardFrameDecoder();
  private pending: Pending | null = null;
  /** Commands run one at a time: each task waits for the one before. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly tracker: HealthTracker,
    private readonly options: ExchangeOptions,
  ) {}

  /** Listen to the transport; the disposer stops listening. */
  attach(): Disposer {
    const disposers = [
      this.transport.onData((chunk) => this.receive(chunk)),
      this.transport.onHealth((health) => {
        if (health.state === 'connected') return;
        this.decoder.reset();
        this.pending?.settle(err(linkDown(health.lastError ?? 'disconnected')));
      }),
    ];
    return () => disposers.forEach((dispose) => dispose());
  }

  /** Refuse further commands, end the one in flight, and wait for the running task. */
  async close(): Promise<void> {
    this.closed = true;
    this.pending?.settle(err(linkDown('driver stopped')));
    await this.tail;
  }

  /** Run a task (a sequence of `send`s) when the tasks before it are done. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * One command with retries. Succeeds with the command's own reply or a
   * card-side status (no card, select/read failed); anything else is a fault
   * of the device or the line. Call it inside `exclusive`.
   */
  async send(command: IdCardCommand, timeoutMs: number): Promise<Result<IdCardReply, IdCardFault>> {
    const attempts = 1 + this.options.retries;
    let fault: IdCardFault = linkDown('driver stopped');
    for (let attempt = 1; attempt <= attempts && !this.closed; attempt++) {
      const outcome = await this.attempt(command, timeoutMs);
      if (outcome.ok) {
        const status = outcome.value.type === 'status' ? faultFromSw3(outcome.value.sw3) : null;
        if (!status || CARD_FAULTS.has(status.code)) return outcome;
        fault = status;
        this.tracker.error(fault.message);
        if (fault.code !== 'protocol-error') return err(fault); // a SAM fault will not mend by asking again
        continue;
      }
      fault = outcome.error;
      if (fault.code === 'link-down') return err(fault);
      // Damaged bytes were counted as they arrived; a silence is counted here.
      if (fault.code === 'timeout') this.tracker.error(fault.message);
    }
    if (fault.code === 'timeout') {
      return err({ ...fault, attempts, message: `no reply to ${command.name} after ${attempts} attempts` });
    }
    return err(fault);
  }

  private attempt(command: IdCardCommand, timeoutMs: number): Promise<Result<IdCardReply, IdCardFault>> {
    return new Promise((resolve) => {
      const bytes = encodeIdCardRequest(command);
      const pending: Pending = {
        command,
        deadline: Date.now() + timeoutMs,
        timer: setTimeout(() => this.expire(pending), timeoutMs),
        damaged: null,
        settle: (outcome) => {
          clearTimeout(pending.timer);
          if (this.pending === pending) this.pending = null;
          resolve(outcome);
        },
      };
      // A partial frame left by an earlier attempt would swallow this reply.
      this.decoder.reset();
      this.pending = pending;
      this.tracker.sent(bytes);
      this.transport.write(bytes).catch((error: unknown) => {
        pending.settle(err(linkDown(error instanceof Error ? error.message : String(error))));
      });
    });
  }

  private expire(pending: Pending): void {
    const name = pending.command.name;
    pending.settle(
      err(
        pending.damaged
          ? { code: 'bad-reply', command: name, message: `damaged reply to ${name}: ${pending.damaged}` }
          : { code: 'timeout', command: name, attempts: 1, message: `no reply to ${name}` },
      ),
    );
  }

  private receive(chunk: Buffer): void {
    for (const item of this.decoder.push(chunk)) {
      if (item.type === 'error') {
        this.damaged(item.reason);
        continue;
      }
      const reply = decodeReply(item.body);
      if (reply.type === 'error') {
        this.damaged(reply.reason);
        continue;
      }
      this.tracker.frame(frameHead(item.body));
      const pending = this.pending;
      if (pending && answers(pending.command, reply)) pending.settle(ok(reply));
    }
  }

  /** Damaged bytes. While a reply is awaited an intact one may still follow, but not for long. */
  private damaged(reason: string): void {
    this.tracker.error(reason);
    const pending = this.pending;
    if (!pending || pending.damaged) return;
    pending.damaged = reason;
    clearTimeout(pending.timer);
    const wait = Math.max(0, Math.min(this.options.settleMs, pending.deadline - Date.now()));
    pending.timer = setTimeout(() => this.expire(pending), wait);
  }
}
