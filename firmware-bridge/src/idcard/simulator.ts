import type { Disposer } from '@yaofang/shared/result';
import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { syntheticDeck, type DeckCard } from './deck.ts';
import { IdCardFrameDecoder } from './frame.ts';
import {
  encodeAppendedAddressReply,
  encodeFindReply,
  encodeReadReply,
  encodeSamIdReply,
  encodeSelectReply,
  encodeStatusReply,
  FINGERPRINT_BYTES,
} from './reply.ts';
import { decodeIdCardRequest, type IdCardCommand, type IdCardCommandName } from './request.ts';
import { GARBAGE, parseFault, spoil, type IdCardSimFault, type ReplyFault } from './sim-faults.ts';
import {
  SW3_BAD_COMMAND,
  SW3_BAD_LENGTH,
  SW3_FIELD_EMPTY,
  SW3_NO_CARD,
  SW3_OK,
  SW3_READ_FAILED,
  SW3_SELECT_FAILED,
} from './sw3.ts';

export interface IdCardSimulatorOptions {
  deck?: DeckCard[];
  /**
   * A real reader finds a card once per presentation: after a read, find
   * answers "no card" until the card is lifted and presented again. `false`
   * models a lenient reader that keeps finding a card lying in the field.
   */
  liftRequired?: boolean;
  /** Delay before a read reply; a real SAM takes 2–3 s. */
  readDelayMs?: number;
  /** Delay before every other reply; a real SAM answers within ~100 ms. */
  replyDelayMs?: number;
}

/** Where the card in the field is in the find → select → read sequence. */
type Phase = 'placed' | 'found' | 'selected' | 'read';

const SAM_ID = Uint8Array.from([0x05, 0x00, 0x01, 0x00, 0x99, 0x99, 0x99, 0x00, 0, 0, 0, 0, 0x01, 0, 0, 0]);
const COMMANDS =
  'present <index> | remove | fault checksum|silence|garbage|sw3 <hex> [command] | fault removed-mid-read | garbage | deck | state';

/**
 * The reader's side of the wire: a GA 467 style SAM answering find, select,
 * read and SAM commands for a deck of synthetic cards, with faults on demand.
 */
export class IdCardSimulator implements Simulator {
  private readonly decoder = new IdCardFrameDecoder();
  private readonly deck: DeckCard[];
  private readonly liftRequired: boolean;
  private readonly readDelayMs: number;
  private readonly replyDelayMs: number;
  private card: { index: number; phase: Phase } | null = null;
  private replyFaults: ReplyFault[] = [];
  private removeOnNextRead = false;
  private readonly requests: Partial<Record<IdCardCommandName, number>> = {};
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposeData: Disposer | null = null;

  constructor(
    private readonly transport: ByteTransport,
    options: IdCardSimulatorOptions = {},
  ) {
    this.deck = options.deck ?? syntheticDeck();
    this.liftRequired = options.liftRequired ?? true;
    this.readDelayMs = options.readDelayMs ?? 0;
    this.replyDelayMs = options.replyDelayMs ?? 0;
  }

  start(): void {
    this.disposeData ??= this.transport.onData((chunk) => this.receive(chunk));
    this.transport.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.disposeData?.();
    this.disposeData = null;
    await this.transport.stop();
  }

  /** Put deck card `index` in the field: a new presentation, replacing any card there. */
  present(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.deck.length) {
      throw new RangeError(`no card ${index} in the deck (0–${this.deck.length - 1})`);
    }
    this.card = { index, phase: 'placed' };
  }

  remove(): void {
    this.card = null;
  }

  injectFault(fault: IdCardSimFault): void {
    if (fault.kind === 'removed-mid-read') this.removeOnNextRead = true;
    else this.replyFaults.push(fault);
  }

  /** Bytes on the line that belong to no reply. */
  async sendGarbage(bytes: Uint8Array = GARBAGE): Promise<void> {
    await this.transport.write(bytes);
  }

  /** How many requests of each command have arrived. */
  requestCount(name: IdCardCommandName): number {
    return this.requests[name] ?? 0;
  }

  async control(line: string): Promise<SimReply> {
    const [command, arg, ...rest] = line.trim().split(/\s+/);
    try {
      switch (command) {
        case 'present':
          this.present(Number(arg));
          return { ok: true, message: `card ${arg} (${this.describe(Number(arg))}) in the field` };
        case 'remove':
          this.remove();
          return { ok: true, message: 'field empty' };
        case 'fault': {
          const fault = parseFault(arg, rest);
          if (!fault) return { ok: false, error: `unknown fault; known: ${COMMANDS}` };
          this.injectFault(fault);
          return { ok: true, message: `fault ${[arg, ...rest].join(' ')} armed` };
        }
        case 'deck':
          return { ok: true, message: this.deck.map((_, i) => `${i} ${this.describe(i)}`).join('\n') };
        case 'state':
          return { ok: true, message: JSON.stringify(this.snapshot()) };
        case 'garbage':
          await this.sendGarbage();
          return { ok: true, message: 'garbage sent' };
        default:
          return { ok: false, error: `unknown command ${JSON.stringify(command)}; known: ${COMMANDS}` };
      }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  snapshot(): Record<string, unknown> {
    return {
      device: 'idcard-ga467',
      card: this.card && { ...this.card, cardType: this.deck[this.card.index]!.identity.cardType },
      deckSize: this.deck.length,
      liftRequired: this.liftRequired,
      pendingFaults: [
        ...this.replyFaults.map((f) => f.kind),
        ...(this.removeOnNextRead ? ['removed-mid-read'] : []),
      ],
      requests: { ...this.requests },
    };
  }

  private describe(index: number): string {
    const identity = this.deck[index]?.identity;
    if (!identity) return 'no such card';
    const name = 'name' in identity ? identity.name : identity.chineseName;
    return `${identity.cardType} ${name}`;
  }

  private receive(chunk: Buffer): void {
    for (const item of this.decoder.push(chunk)) {
      // A damaged request gets no answer; the host times out and retries.
      if (item.type === 'error') continue;
      const request = decodeIdCardRequest(item.body);
      if (!request.ok) {
        this.send(
          encodeStatusReply(item.body.length === 2 ? SW3_BAD_COMMAND : SW3_BAD_LENGTH),
          this.replyDelayMs,
        );
        continue;
      }
      const { name } = request.value;
      this.requests[name] = this.requestCount(name) + 1;
      const fault = this.takeFault(name);
      // A status fault replaces the answer, so the card's state does not move on.
      const reply = fault?.kind === 'sw3' ? encodeStatusReply(fault.byte) : this.answer(request.value);
      const reading = name === 'read-base' || name === 'read-fingerprint';
      this.send(spoil(reply, fault), reading ? this.readDelayMs : this.replyDelayMs);
    }
  }

  /** The state machine: what a healthy reader answers, given the card in the field. */
  private answer(command: IdCardCommand): Buffer {
    const card = this.card;
    switch (command.name) {
      case 'find':
        if (!card || (card.phase === 'read' && this.liftRequired)) return encodeStatusReply(SW3_NO_CARD);
        card.phase = 'found';
        return encodeFindReply();
      case 'select':
        if (!card || card.phase === 'placed' || card.phase === 'read')
          return encodeStatusReply(SW3_SELECT_FAILED);
        card.phase = 'selected';
        return encodeSelectReply();
      case 'read-base':
      case 'read-fingerprint': {
        if (this.removeOnNextRead && card) {
          this.removeOnNextRead = false;
          this.card = null;
          return encodeStatusReply(SW3_READ_FAILED);
        }
        if (!card || (card.phase !== 'selected' && card.phase !== 'read'))
          return encodeStatusReply(SW3_READ_FAILED);
        card.phase = 'read';
        const { identity } = this.deck[card.index]!;
        const fingerprint =
          command.name === 'read-fingerprint' ? new Uint8Array(FINGERPRINT_BYTES) : undefined;
        return encodeReadReply(identity, { fingerprint });
      }
      case 'read-appended-address': {
        if (!card || (card.phase !== 'selected' && card.phase !== 'read'))
          return encodeStatusReply(SW3_READ_FAILED);
        const address = this.deck[card.index]!.appendedAddress;
        return address ? encodeAppendedAddressReply(address) : encodeStatusReply(SW3_FIELD_EMPTY);
      }
      case 'read-sam-id':
        return encodeSamIdReply(SAM_ID);
      case 'sam-status':
      case 'reset-sam':
      case 'set-baud':
        return encodeStatusReply(SW3_OK);
    }
  }

  /** The first armed fault for a reply to this command, disarmed. */
  private takeFault(command: IdCardCommandName): ReplyFault | undefined {
    const index = this.replyFaults.findIndex((f) => f.on === undefined || f.on === command);
    return index < 0 ? undefined : this.replyFaults.splice(index, 1)[0];
  }

  private send(bytes: Buffer | null, delayMs: number): void {
    if (!bytes) return;
    // A reader on an unplugged cable talks to nobody.
    const transmit = () => void this.transport.write(bytes).catch(() => undefined);
    if (delayMs <= 0) return transmit();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      transmit();
    }, delayMs);
    this.timers.add(timer);
  }
}
