import iconv from 'iconv-lite';
import {
  RECEIPT_DEFAULTS,
  normalizeReceiptText,
  validateReceipt,
  type CutMode,
  type QrBlock,
  type QrErrorCorrection,
  type Receipt,
  type ReceiptBlock,
  type TextAlign,
} from './receipt.ts';

/**
 * Receipt model → ESC/POS bytes (PROTOCOLS.md §4). Every line restates its
 * alignment, emphasis and size so a line never inherits state from the one
 * before; that costs 9 bytes a line and makes each line's bytes predictable.
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const LF = 0x0a;

export const INIT = Uint8Array.of(ESC, 0x40);
export const CHINESE_ON = Uint8Array.of(FS, 0x26);
export const CHINESE_OFF = Uint8Array.of(FS, 0x2e);

const ALIGN_CODE: Record<TextAlign, number> = { left: 0, center: 1, right: 2 };
export const QR_EC_CODE: Record<QrErrorCorrection, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

export function encodeAlign(align: TextAlign): Uint8Array {
  return Uint8Array.of(ESC, 0x61, ALIGN_CODE[align]);
}

export function encodeBold(bold: boolean): Uint8Array {
  return Uint8Array.of(ESC, 0x45, bold ? 1 : 0);
}

/** `GS ! n`: high nibble is width − 1, low nibble height − 1. */
export function encodeSize(width: number, height: number): Uint8Array {
  return Uint8Array.of(GS, 0x21, ((width - 1) << 4) | (height - 1));
}

export function encodeFeed(lines: number): Uint8Array {
  return Uint8Array.of(ESC, 0x64, lines);
}

/** `GS V 0/1`, or `GS V 65/66 n` to feed n units past the cutter first. */
export function encodeCut(mode: CutMode, feedUnits?: number): Uint8Array {
  if (feedUnits === undefined) return Uint8Array.of(GS, 0x56, mode === 'full' ? 0x00 : 0x01);
  return Uint8Array.of(GS, 0x56, mode === 'full' ? 0x41 : 0x42, feedUnits);
}

/**
 * Printable ASCII goes as is; every other run goes between FS & and FS . in
 * GB18030, so the printer never sees a byte ≥ 0x80 outside Chinese mode.
 */
export function encodeText(text: string): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const run of normalizeReceiptText(text).match(/[\x20-\x7E]+|[^\x20-\x7E]+/g) ?? []) {
    if (/^[\x20-\x7E]/.test(run)) parts.push(Buffer.from(run, 'latin1'));
    else parts.push(CHINESE_ON, iconv.encode(run, 'gb18030'), CHINESE_OFF);
  }
  return concat(parts);
}

/** One `GS ( k pL pH cn fn …` block; pL + 256·pH counts the bytes after pH. */
function qrBlock(fn: number, body: Uint8Array): Uint8Array {
  const length = body.length + 2;
  return concat([Uint8Array.of(GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn), body]);
}

export function encodeQrModel(): Uint8Array {
  return qrBlock(0x41, Uint8Array.of(0x32, 0x00));
}

export function encodeQrModuleSize(size: number): Uint8Array {
  return qrBlock(0x43, Uint8Array.of(size));
}

export function encodeQrErrorCorrection(level: QrErrorCorrection): Uint8Array {
  return qrBlock(0x45, Uint8Array.of(QR_EC_CODE[level]));
}

/** Store: pL + 256·pH = data length + 3 (cn, fn and m). */
export function encodeQrStore(data: Uint8Array): Uint8Array {
  return qrBlock(0x50, concat([Uint8Array.of(0x30), data]));
}

export function encodeQrPrint(): Uint8Array {
  return qrBlock(0x51, Uint8Array.of(0x30));
}

export function encodeQr(block: QrBlock): Uint8Array {
  return concat([
    encodeAlign(block.align ?? RECEIPT_DEFAULTS.qrAlign),
    encodeQrModel(),
    encodeQrModuleSize(block.moduleSize ?? RECEIPT_DEFAULTS.moduleSize),
    encodeQrErrorCorrection(block.errorCorrection ?? RECEIPT_DEFAULTS.errorCorrection),
    encodeQrStore(new TextEncoder().encode(block.payload)),
    encodeQrPrint(),
  ]);
}

function encodeBlock(block: ReceiptBlock, columns: number): Uint8Array {
  switch (block.type) {
    case 'text':
      return concat([
        encodeAlign(block.align ?? RECEIPT_DEFAULTS.align),
        encodeBold(block.bold ?? false),
        encodeSize(block.width ?? 1, block.height ?? 1),
        encodeText(block.text),
        Uint8Array.of(LF),
      ]);
    case 'qr':
      return encodeQr(block);
    case 'feed':
      return encodeFeed(block.lines);
    case 'cut':
      return encodeCut(block.mode, block.feedUnits);
    case 'separator':
      return concat([
        encodeAlign('left'),
        encodeBold(false),
        encodeSize(1, 1),
        encodeText((block.char ?? RECEIPT_DEFAULTS.separatorChar).repeat(columns)),
        Uint8Array.of(LF),
      ]);
  }
}

/**
 * The whole print job: init, then each block. An invalid receipt is a bug in
 * the caller (check with `validateReceipt` first when the content comes from
 * outside) and throws a RangeError listing every problem.
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  const problems = validateReceipt(receipt);
  if (problems.length > 0) throw new RangeError(`invalid receipt: ${problems.join('; ')}`);
  const columns = receipt.columns ?? RECEIPT_DEFAULTS.columns;
  return concat([INIT, ...receipt.blocks.map((block) => encodeBlock(block, columns))]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
