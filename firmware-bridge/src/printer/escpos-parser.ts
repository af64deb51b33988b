import { ByteBuffer, toHex } from '../codec.ts';
import type { CutMode, QrErrorCorrection, TextAlign } from './receipt.ts';
import type { RealtimeRequest } from './status.ts';

/**
 * The printer's side of PROTOCOLS.md §4: splits an ESC/POS byte stream into
 * commands, across any chunking. Only the subset our encoder uses is
 * understood; anything else comes out as `unknown` so a test or a technician
 * sees it instead of it vanishing.
 */
export type EscPosCommand =
  | { type: 'init' }
  | { type: 'align'; align: TextAlign }
  | { type: 'bold'; bold: boolean }
  | { type: 'size'; width: number; height: number }
  | { type: 'chinese'; on: boolean }
  /** Printable bytes (≥ 0x20); in Chinese mode they are GB18030. */
  | { type: 'text'; bytes: Uint8Array }
  | { type: 'line-feed' }
  | { type: 'feed'; lines: number }
  | { type: 'qr-model' }
  | { type: 'qr-module-size'; size: number }
  | { type: 'qr-error-correction'; level: QrErrorCorrection }
  | { type: 'qr-store'; data: Uint8Array }
  | { type: 'qr-print' }
  | { type: 'cut'; mode: CutMode; feedUnits: number | null }
  | { type: 'realtime-status'; request: RealtimeRequest }
  | { type: 'paper-sensor-status' }
  | { type: 'asb-enable'; mask: number }
  | { type: 'unknown'; bytes: Uint8Array; reason: string };

const ALIGNS: Record<number, TextAlign> = {
  0: 'left',
  1: 'center',
  2: 'right',
  0x30: 'left',
  0x31: 'center',
  0x32: 'right',
};
const EC_LEVELS: Record<number, QrErrorCorrection> = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' };

/** A GS ( k block is at most 5 + 65535 bytes; nothing else needs more than 4. */
const MAX_COMMAND = 5 + 0xffff;

type Step = { length: number; command: EscPosCommand | null } | 'incomplete';

export class EscPosParser {
  private readonly buffer = new ByteBuffer(MAX_COMMAND);

  push(chunk: Uint8Array): EscPosCommand[] {
    this.buffer.append(chunk);
    const out: EscPosCommand[] = [];
    while (this.buffer.length > 0) {
      const step = parseOne(this.buffer.view);
      if (step === 'incomplete') break;
      const bytes = this.buffer.take(step.length);
      if (step.command)
        out.push(
          step.command.type === 'text' ? { type: 'text', bytes: Uint8Array.from(bytes) } : step.command,
        );
    }
    return out;
  }

  /** Bytes held while waiting for the rest of a command. */
  get pending(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer.clear();
  }
}

function unknown(view: Uint8Array, length: number, reason: string): Step {
  return { length, command: { type: 'unknown', bytes: Uint8Array.from(view.subarray(0, length)), reason } };
}

function parseOne(view: Buffer): Step {
  const first = view[0]!;
  if (first >= 0x20) {
    let end = 1;
    while (end < view.length && view[end]! >= 0x20) end++;
    return { length: end, command: { type: 'text', bytes: new Uint8Array() } };
  }
  switch (first) {
    case 0x0a:
      return { length: 1, command: { type: 'line-feed' } };
    case 0x0d:
      // CR: our printers are set to ignore it (auto line feed off).
      return { length: 1, command: null };
    case 0x10:
      return parseDle(view);
    case 0x1b:
      return parseEsc(view);
    case 0x1c:
      if (view.length < 2) return 'incomplete';
      if (view[1] === 0x26) return { length: 2, command: { type: 'chinese', on: true } };
      if (view[1] === 0x2e) return { length: 2, command: { type: 'chinese', on: false } };
      return unknown(view, 2, 'unsupported FS command');
    case 0x1d:
      return parseGs(view);
    default:
      return unknown(view, 1, `unsupported control byte ${toHex(view.subarray(0, 1))}`);
  }
}

function parseDle(view: Buffer): Step {
  if (view.length < 2) return 'incomplete';
  if (view[1] !== 0x04) return unknown(view, 1, 'unsupported DLE command');
  if (view.length < 3) return 'incomplete';
  const n = view[2]!;
  if (n >= 1 && n <= 4)
    return { length: 3, command: { type: 'realtime-status', request: n as RealtimeRequest } };
  return unknown(view, 3, `DLE EOT ${n}: n must be 1–4`);
}

function parseEsc(view: Buffer): Step {
  if (view.length < 2) return 'incomplete';
  const code = view[1]!;
  if (code === 0x40) return { length: 2, command: { type: 'init' } };
  if (![0x61, 0x45, 0x64].includes(code)) return unknown(view, 2, 'unsupported ESC command');
  if (view.length < 3) return 'incomplete';
  const n = view[2]!;
  switch (code) {
    case 0x61: {
      const align = ALIGNS[n];
      return align
        ? { length: 3, command: { type: 'align', align } }
        : unknown(view, 3, `ESC a ${n}: bad alignment`);
    }
    case 0x45:
      return { length: 3, command: { type: 'bold', bold: (n & 1) === 1 } };
    default:
      return { length: 3, command: { type: 'feed', lines: n } };
  }
}

function parseGs(view: Buffer): Step {
  if (view.length < 2) return 'incomplete';
  const code = view[1]!;
  if (code === 0x28) return parseQr(view);
  if (![0x21, 0x56, 0x72, 0x61].includes(code)) return unknown(view, 2, 'unsupported GS command');
  if (view.length < 3) return 'incomplete';
  const n = view[2]!;
  switch (code) {
    case 0x21:
      if ((n & 0x88) !== 0) return unknown(view, 3, `GS ! ${n}: size out of range 1–8`);
      return { length: 3, command: { type: 'size', width: (n >> 4) + 1, height: (n & 7) + 1 } };
    case 0x72:
      if (n === 1 || n === 0x31) return { length: 3, command: { type: 'paper-sensor-status' } };
      return unknown(view, 3, `GS r ${n}: only 1 (paper sensor) is supported`);
    case 0x61:
      return { length: 3, command: { type: 'asb-enable', mask: n } };
    default:
      return parseCut(view, n);
  }
}

function parseCut(view: Buffer, m: number): Step {
  if (m === 0 || m === 0x30) return { length: 3, command: { type: 'cut', mode: 'full', feedUnits: null } };
  if (m === 1 || m === 0x31) return { length: 3, command: { type: 'cut', mode: 'partial', feedUnits: null } };
  if (m !== 0x41 && m !== 0x42) return unknown(view, 3, `GS V ${m}: unsupported cut`);
  if (view.length < 4) return 'incomplete';
  return { length: 4, command: { type: 'cut', mode: m === 0x41 ? 'full' : 'partial', feedUnits: view[3]! } };
}

function parseQr(view: Buffer): Step {
  if (view.length < 3) return 'incomplete';
  if (view[2] !== 0x6b) return unknown(view, 3, 'unsupported GS ( function (only GS ( k)');
  if (view.length < 5) return 'incomplete';
  const length = 5 + view[3]! + 256 * view[4]!;
  if (view.length < length) return 'incomplete';
  const body = view.subarray(5, length);
  const [cn, fn, a] = body;
  if (cn !== 0x31) return unknown(view, length, 'GS ( k for a symbol other than QR');
  switch (fn) {
    case 0x41:
      return { length, command: { type: 'qr-model' } };
    case 0x43:
      if (a === undefined || a < 1 || a > 16) return unknown(view, length, 'QR module size must be 1–16');
      return { length, command: { type: 'qr-module-size', size: a } };
    case 0x45: {
      const level = a === undefined ? undefined : EC_LEVELS[a];
      if (!level) return unknown(view, length, 'QR error correction must be 30–33');
      return { length, command: { type: 'qr-error-correction', level } };
    }
    case 0x50:
      if (a !== 0x30) return unknown(view, length, 'QR store must have m = 30');
      return { length, command: { type: 'qr-store', data: Uint8Array.from(body.subarray(3)) } };
    case 0x51:
      return { length, command: { type: 'qr-print' } };
    default:
      return unknown(view, length, 'unsupported QR function');
  }
}
