import type { Disposer } from '@yaofang/shared/result';
import { fromHex, toHex } from '../codec.ts';
import type { SimReply, Simulator } from '../device.ts';
import type { ByteTransport } from '../transport/types.ts';
import { EscPosParser, type EscPosCommand } from './escpos-parser.ts';
import { formatReceipts, type PaperReceipt } from './paper.ts';
import { PaperRenderer } from './paper-renderer.ts';
import { encodeAsb, encodePaperSensor, encodeRealtimeStatus, type RealtimeRequest } from './status.ts';

export type PrinterFault =
  'paper-out' | 'near-end' | 'cover-open' | 'offline' | 'cutter-error' | 'silent' | 'noise';
/** Faults that can be armed to strike at the next printed text, i.e. in the middle of a job. */
export type MidJobFault = 'paper-out' | 'cover-open';

const FAULTS: readonly PrinterFault[] = [
  'paper-out',
  'near-end',
  'cover-open',
  'offline',
  'cutter-error',
  'silent',
  'noise',
];
/** Bytes that are neither a DLE EOT reply, a GS r reply nor an ASB start, so they can only be noise. */
export const NOISE = Uint8Array.of(0xff, 0x80, 0x13, 0x11);
const RECENT_UNKNOWN = 20;

/**
 * An ESC/POS receipt printer: renders what it is sent onto paper and answers
 * status requests from its fault state. While stopped (paper out, cover open,
 * offline, cutter error) it drops everything but real-time commands; a real
 * printer would hold them in its buffer, but dropping shows a test exactly
 * what a stopped printer did not print. `start()` also starts the transport.
 */
export class EscPosSimulator implements Simulator {
  private readonly parser = new EscPosParser();
  private readonly paper = new PaperRenderer();
  private readonly faults = new Set<PrinterFault>();
  private midJob: MidJobFault | null = null;
  private asbMask = 0;
  private disposeData: Disposer | null = null;
  private droppedCommands = 0;
  private readonly unknownCommands: string[] = [];
  private lastWriteError: string | null = null;

  constructor(private readonly transport: ByteTransport) {}

  start(): void {
    if (this.disposeData) return;
    this.disposeData = this.transport.onData((chunk) => {
      for (const command of this.parser.push(chunk)) this.handle(command);
    });
    this.transport.start();
  }

  async stop(): Promise<void> {
    this.disposeData?.();
    this.disposeData = null;
    this.parser.reset();
    await this.transport.stop();
  }

  setFault(fault: PrinterFault, on: boolean): void {
    const was = this.stopped();
    if (on) this.faults.add(fault);
    else this.faults.delete(fault);
    if (fault !== 'silent' && fault !== 'noise' && (was !== this.stopped() || fault === 'near-end'))
      this.sendAsb();
  }

  hasFault(fault: PrinterFault): boolean {
    return this.faults.has(fault);
  }

  /** Arm a fault that strikes when the next text arrives, so the rest of that job is lost. */
  armMidJob(fault: MidJobFault | null): void {
    this.midJob = fault;
  }

  /** Send raw bytes to the host, as line noise would. */
  async sendGarbage(bytes: Uint8Array = NOISE): Promise<void> {
    await this.transport.write(bytes);
  }

  receipts(): PaperReceipt[] {
    return this.paper.receipts();
  }

  clear(): void {
    this.paper.clear();
    this.droppedCommands = 0;
    this.unknownCommands.length = 0;
  }

  /** The byte this printer answers to DLE EOT n right now. */
  statusByte(request: RealtimeRequest): number {
    const paperOut = this.faults.has('paper-out');
    const cutterError = this.faults.has('cutter-error');
    switch (request) {
      case 1:
        return encodeRealtimeStatus({
          request,
          drawerHigh: false,
          offline: this.stopped(),
          waitingForRecovery: false,
          feedButtonPressed: false,
        });
      case 2:
        return encodeRealtimeStatus({
          request,
          coverOpen: this.faults.has('cover-open'),
          feedingByButton: false,
          stoppedAtPaperEnd: paperOut,
          error: cutterError,
        });
      case 3:
        return encodeRealtimeStatus({
          request,
          recoverableError: false,
          autocutterError: cutterError,
          unrecoverableError: false,
          autoRecoverableError: false,
        });
      case 4:
        // The near-end sensor sits before the end sensor, so an empty roll trips both.
        return encodeRealtimeStatus({
          request,
          paperNearEnd: paperOut || this.faults.has('near-end'),
          paperOut,
        });
    }
  }

  async control(line: string): Promise<SimReply> {
    const [command = '', argument = '', ...rest] = line.trim().split(/\s+/);
    if ((FAULTS as readonly string[]).includes(command)) {
      const fault = command as PrinterFault;
      if (argument === 'mid-job' && (fault === 'paper-out' || fault === 'cover-open')) {
        this.armMidJob(fault);
        return { ok: true, message: `${fault} will strike at the next printed text` };
      }
      if (argument !== 'on' && argument !== 'off') return { ok: false, error: `usage: ${fault} on|off` };
      this.setFault(fault, argument === 'on');
      return { ok: true, message: `${fault} ${argument}` };
    }
    switch (command) {
      case 'receipts':
        return { ok: true, message: formatReceipts(this.receipts()) };
      case 'clear':
        this.clear();
        return { ok: true, message: 'paper cleared' };
      case 'garbage': {
        const bytes = argument ? fromHex([argument, ...rest].join('')) : NOISE;
        if (!bytes) return { ok: false, error: 'usage: garbage [hex bytes]' };
        try {
          await this.sendGarbage(bytes);
          return { ok: true, message: `sent ${toHex(bytes)}` };
        } catch (error) {
          return { ok: false, error: (error as Error).message };
        }
      }
      default:
        return {
          ok: false,
          error:
            `unknown command ${JSON.stringify(command)}; known: paper-out on|off|mid-job, near-end on|off, ` +
            'cover-open on|off|mid-job, offline on|off, cutter-error on|off, silent on|off, noise on|off, ' +
            'garbage [hex], receipts, clear',
        };
    }
  }

  snapshot(): Record<string, unknown> {
    return {
      faults: [...this.faults],
      midJobFault: this.midJob,
      asbMask: this.asbMask,
      statusBytes: toHex(Uint8Array.from([1, 2, 3, 4] as const, (n) => this.statusByte(n))),
      receipts: this.receipts(),
      droppedCommands: this.droppedCommands,
      unknownCommands: [...this.unknownCommands],
      garbageCharacters: this.paper.garbageCharacters,
      lastWriteError: this.lastWriteError,
    };
  }

  private stopped(): boolean {
    return ['paper-out', 'cover-open', 'offline', 'cutter-error'].some((f) =>
      this.faults.has(f as PrinterFault),
    );
  }

  private handle(command: EscPosCommand): void {
    switch (command.type) {
      case 'realtime-status':
        // Real-time: answered at once, even while stopped.
        this.reply(Uint8Array.of(this.statusByte(command.request)));
        return;
      case 'asb-enable':
        this.asbMask = command.mask;
        this.sendAsb();
        return;
      case 'unknown':
        this.unknownCommands.push(`${toHex(command.bytes.subarray(0, 16))}: ${command.reason}`);
        if (this.unknownCommands.length > RECENT_UNKNOWN) this.unknownCommands.shift();
        return;
      default:
        break;
    }
    if (command.type === 'text' && this.midJob) {
      const fault = this.midJob;
      this.midJob = null;
      this.setFault(fault, true);
    }
    if (this.stopped()) {
      this.droppedCommands++;
      return;
    }
    if (command.type === 'paper-sensor-status') {
      const paperOut = this.faults.has('paper-out');
      this.reply(
        Uint8Array.of(encodePaperSensor({ paperNearEnd: paperOut || this.faults.has('near-end'), paperOut })),
      );
      return;
    }
    this.paper.apply(command);
  }

  private sendAsb(): void {
    if (this.asbMask === 0) return;
    const paperOut = this.faults.has('paper-out');
    this.reply(
      encodeAsb({
        drawerHigh: false,
        offline: this.stopped(),
        coverOpen: this.faults.has('cover-open'),
        feedButtonPressed: false,
        recoverableError: false,
        autocutterError: this.faults.has('cutter-error'),
        unrecoverableError: false,
        autoRecoverableError: false,
        paperNearEnd: paperOut || this.faults.has('near-end'),
        paperOut,
      }),
    );
  }

  private reply(bytes: Uint8Array): void {
    if (this.faults.has('silent')) return;
    const out = this.faults.has('noise') ? Buffer.concat([NOISE, bytes]) : bytes;
    this.transport.write(out).then(
      () => (this.lastWriteError = null),
      (error: Error) => (this.lastWriteError = error.message),
    );
  }
}
