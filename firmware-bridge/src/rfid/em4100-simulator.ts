import type { SimReply } from '../device.ts';
import { ReaderSimulator } from '../rfid-common/reader-simulator.ts';
import { runControlLine, stateCommand } from '../sim/control-commands.ts';
import type { ByteTransport } from '../transport/types.ts';
import { encodeEm4100 } from './em4100-codec.ts';

export interface Em4100SimulatorOptions {
  /** How often the reader repeats the frame while a card is in the field. */
  repeatMs?: number;
  /** How long `tap()` keeps the card in the field. */
  tapMs?: number;
}

const COMMANDS = 'present <uid10hex> | remove | tap <uid10hex> | garbage | silent on|off | state';

/**
 * The reader's side: while a card is in the field it repeats the card's
 * 14-byte frame, like an RDM6300 does.
 */
export class Em4100Simulator extends ReaderSimulator {
  private cardUid: string | null = null;
  private repeatTimer: NodeJS.Timeout | null = null;
  private tapTimer: NodeJS.Timeout | null = null;
  private framesSent = 0;
  private readonly repeatMs: number;
  private readonly tapMs: number;

  constructor(transport: ByteTransport, options: Em4100SimulatorOptions = {}) {
    super(transport);
    this.repeatMs = options.repeatMs ?? 100;
    this.tapMs = options.tapMs ?? 350;
  }

  override async stop(): Promise<void> {
    this.remove();
    await super.stop();
  }

  /** Put a card in the field until `remove()`. */
  present(uid: string): void {
    const frame = encodeEm4100(uid); // validates before any state changes
    this.remove();
    this.cardUid = uid.toUpperCase();
    const send = () => {
      if (this.silent) return;
      this.framesSent++;
      this.transport.write(frame).catch(() => undefined); // a reader on an unplugged cable just talks to nobody
    };
    send();
    this.repeatTimer = setInterval(send, this.repeatMs);
  }

  remove(): void {
    if (this.repeatTimer) clearInterval(this.repeatTimer);
    if (this.tapTimer) clearTimeout(this.tapTimer);
    this.repeatTimer = null;
    this.tapTimer = null;
    this.cardUid = null;
  }

  /** Present a card briefly, as a resident tapping it does. */
  tap(uid: string): void {
    this.present(uid);
    this.tapTimer = setTimeout(() => this.remove(), this.tapMs);
  }

  async sendGarbage(bytes: Uint8Array = Uint8Array.from([0x30, 0xff, 0x03, 0x41])): Promise<void> {
    await this.transport.write(bytes);
  }

  async control(line: string): Promise<SimReply> {
    return runControlLine(
      line,
      {
        present: ([uid]) => {
          this.present(uid ?? '');
          return { ok: true, message: `card ${this.cardUid} in the field` };
        },
        tap: ([uid]) => {
          this.tap(uid ?? '');
          return { ok: true, message: `card ${this.cardUid} tapped` };
        },
        remove: () => {
          this.remove();
          return { ok: true, message: 'field empty' };
        },
        garbage: async () => {
          await this.sendGarbage();
          return { ok: true, message: 'garbage sent' };
        },
        // Lenient, unlike the other readers: anything but `on` turns silence off.
        silent: ([mode]) => {
          this.setSilent(mode === 'on');
          return { ok: true, message: `silent ${this.silent ? 'on' : 'off'}` };
        },
        state: stateCommand(() => this.snapshot()),
      },
      COMMANDS,
    );
  }

  snapshot(): Record<string, unknown> {
    return { device: 'rfid-em4100', cardUid: this.cardUid, silent: this.silent, framesSent: this.framesSent };
  }
}
