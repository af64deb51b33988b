import { err, ok } from '@yaofang/shared/result';
import type { ByteTransport } from '../transport/types.ts';
import type { ScaleDriver, ScaleResult, WeightEvent } from './driver-types.ts';
import { PollingScaleDriver } from './polling.ts';
import {
  createSicsReplyDecoder,
  encodeSicsCommand,
  type SicsBusy,
  type SicsCommand,
  type SicsCommandError,
  type SicsOutOfRange,
  type SicsReply,
  type SicsZeroReply,
} from './sics-codec.ts';
import type { WeightReading } from './weight.ts';

export interface SicsScaleDriverOptions {
  transport: ByteTransport;
  timeoutMs?: number;
  /** Extra attempts on silence, and on `ET` (the balance got a garbled command). */
  retries?: number;
  /** Gap between `S` polls while the balance reports busy or dynamic. */
  pollIntervalMs?: number;
}

type WeightReply = WeightReading | SicsOutOfRange | SicsBusy | SicsCommandError;
type ZeroReply = SicsZeroReply | SicsCommandError;

const isWeightReply = (m: SicsReply): m is WeightReply =>
  m.type === 'weight' || m.type === 'out-of-range' || m.type === 'busy' || m.type === 'command-error';
const isZeroReply = (m: SicsReply): m is ZeroReply => m.type === 'zero' || m.type === 'command-error';

const ZERO_REFUSALS = {
  busy: { reply: 'Z I', message: 'zero refused: the balance is not stable (Z I)' },
  over: { reply: 'Z +', message: 'zero refused: above the zero-setting range (Z +)' },
  under: { reply: 'Z -', message: 'zero refused: below the zero-setting range (Z -)' },
} as const;

/** A Mettler-Toledo balance or terminal speaking MT-SICS level 0. */
export class SicsScaleDriver extends PollingScaleDriver<SicsReply> implements ScaleDriver {
  private readonly retries: number;

  constructor(options: SicsScaleDriverOptions) {
    const retries = options.retries ?? 2;
    super(
      options.transport,
      createSicsReplyDecoder(),
      { timeoutMs: options.timeoutMs ?? 500, retries },
      options.pollIntervalMs ?? 100,
    );
    this.retries = retries;
  }

  /** `SI`: the current weight, stable or not. */
  async readImmediate(): Promise<ScaleResult<WeightEvent>> {
    const reply = await this.send('SI', isWeightReply);
    if (!reply.ok) return reply;
    const event = this.toEvent(reply.value);
    if (event.ok && event.value === null) return err(refusal('SI', 'balance busy (S I)'));
    return event as ScaleResult<WeightEvent>;
  }

  /** `Z`: set the current load as zero. */
  async zero(): Promise<ScaleResult<void>> {
    const reply = await this.send('Z', isZeroReply);
    if (!reply.ok) return reply;
    const message = reply.value;
    if (message.type === 'command-error') return err(refusal(message.code, commandErrorText(message)));
    if (message.result === 'done') return ok(undefined);
    const refused = ZERO_REFUSALS[message.result];
    return err(refusal(refused.reply, refused.message));
  }

  /** `S`: a stable weight, or null while the balance is busy. */
  protected override async readOnce(): Promise<ScaleResult<WeightEvent | null>> {
    const reply = await this.send('S', isWeightReply);
    return reply.ok ? this.toEvent(reply.value) : reply;
  }

  private toEvent(reply: WeightReply): ScaleResult<WeightEvent | null> {
    const at = Date.now();
    switch (reply.type) {
      case 'weight':
        return ok(
          this.emitWeight({
            grams: reply.grams,
            stable: reply.stable === true,
            stability: 'device',
            overload: false,
            net: false,
            at,
          }),
        );
      case 'out-of-range':
        return ok(
          this.emitWeight({ grams: 0, stable: false, stability: 'device', overload: true, net: false, at }),
        );
      case 'busy':
        return ok(null);
      case 'command-error':
        return err(refusal(reply.code, commandErrorText(reply)));
    }
  }

  /** One command; `ET` means our bytes were garbled on the way, so send again. */
  private async send<R extends SicsReply>(
    command: SicsCommand,
    accept: (m: SicsReply) => m is R,
  ): Promise<ScaleResult<R>> {
    for (let attempt = 0; ; attempt++) {
      const reply = await this.runner.request(`SICS ${command}`, encodeSicsCommand(command), accept);
      const garbled = reply.ok && reply.value.type === 'command-error' && reply.value.code === 'ET';
      if (!garbled || attempt >= this.retries) return reply;
      this.healthTracker.error(`SICS ${command}: balance reports a transmission error (ET); sending again`);
    }
  }
}

function commandErrorText(error: SicsCommandError): string {
  switch (error.code) {
    case 'ES':
      return 'balance did not understand the command (ES)';
    case 'ET':
      return 'balance reports a transmission error (ET)';
    case 'EL':
      return 'balance cannot execute the command now (EL)';
  }
}

const refusal = (reply: string, message: string) => ({ code: 'device-error' as const, message, reply });
