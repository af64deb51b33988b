/**
 * The receipt model: what a service wants printed, independent of any printer
 * language. The ESC/POS encoder (firmware-bridge `printer/encoder.ts`) turns
 * it into bytes; `previewReceipt` and `previewLines` turn it into what the
 * paper will show, so the kiosk's on-screen preview, the printer and the
 * printer simulator all read ONE model. Pure TypeScript with no Node imports:
 * the kiosk renderer imports this file (`@yaofang/shared/receipt`).
 */
export type TextAlign = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type CutMode = 'full' | 'partial';

export interface TextBlock {
  type: 'text';
  /** One printed line; may hold Chinese. No control characters or newlines. */
  text: string;
  align?: TextAlign;
  bold?: boolean;
  /** Character magnification 1–8 (default 1). */
  width?: number;
  height?: number;
}

export interface QrBlock {
  type: 'qr';
  /** Sent as UTF-8 bytes. */
  payload: string;
  /** Module (dot) size 1–16 (default 6). */
  moduleSize?: number;
  errorCorrection?: QrErrorCorrection;
  align?: TextAlign;
}

export interface FeedBlock {
  type: 'feed';
  /** Blank lines, 1–255. */
  lines: number;
}

export interface CutBlock {
  type: 'cut';
  mode: CutMode;
  /** Feed this many motion units past the cutting position before cutting (0–255). */
  feedUnits?: number;
}

export interface SeparatorBlock {
  type: 'separator';
  /** One printable ASCII character repeated across the paper (default `-`). */
  char?: string;
}

export type ReceiptBlock = TextBlock | QrBlock | FeedBlock | CutBlock | SeparatorBlock;

export interface Receipt {
  /** Characters per line at size 1, used for separators: 32 on 58 mm paper, 48 on 80 mm (default 32). */
  columns?: number;
  blocks: ReceiptBlock[];
}

export const RECEIPT_DEFAULTS = {
  columns: 32,
  align: 'left',
  qrAlign: 'center',
  moduleSize: 6,
  errorCorrection: 'M',
  separatorChar: '-',
} as const;

/**
 * Largest QR byte-mode payload per error-correction level (version 40). A
 * longer payload would be accepted by the printer's store command and then
 * silently not printed.
 */
export const QR_MAX_BYTES: Record<QrErrorCorrection, number> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

/**
 * The printer prints U+00A5 (half-width yen) as garbage: in GB18030 it is a
 * 4-byte sequence that GBK-only firmware does not know. The full-width
 * U+FFE5 is the 2-byte `A3 A4` every Chinese printer has.
 */
export function normalizeReceiptText(text: string): string {
  return text.replace(/\u00A5/g, '\uFFE5');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Every problem with a receipt, in words; empty when it can be printed. */
export function validateReceipt(receipt: Receipt): string[] {
  const problems: string[] = [];
  const columns = receipt.columns ?? RECEIPT_DEFAULTS.columns;
  if (!isIntIn(columns, 1, 255)) problems.push(`columns must be an integer 1–255, got ${columns}`);
  receipt.blocks.forEach((block, index) => {
    const at = `block ${index} (${block.type})`;
    switch (block.type) {
      case 'text':
        if (CONTROL.test(block.text)) problems.push(`${at}: text holds a control character or newline`);
        if (block.width !== undefined && !isIntIn(block.width, 1, 8))
          problems.push(`${at}: width must be an integer 1–8`);
        if (block.height !== undefined && !isIntIn(block.height, 1, 8))
          problems.push(`${at}: height must be an integer 1–8`);
        break;
      case 'qr': {
        const level = block.errorCorrection ?? RECEIPT_DEFAULTS.errorCorrection;
        const length = utf8Length(block.payload);
        if (length === 0) problems.push(`${at}: payload is empty`);
        if (length > QR_MAX_BYTES[level])
          problems.push(
            `${at}: payload is ${length} bytes, more than ${QR_MAX_BYTES[level]} fit at level ${level}`,
          );
        if (block.moduleSize !== undefined && !isIntIn(block.moduleSize, 1, 16))
          problems.push(`${at}: moduleSize must be an integer 1–16`);
        break;
      }
      case 'feed':
        if (!isIntIn(block.lines, 1, 255)) problems.push(`${at}: lines must be an integer 1–255`);
        break;
      case 'cut':
        if (block.feedUnits !== undefined && !isIntIn(block.feedUnits, 0, 255))
          problems.push(`${at}: feedUnits must be an integer 0–255`);
        break;
      case 'separator':
        if (block.char !== undefined && !/^[\x20-\x7E]$/.test(block.char))
          problems.push(`${at}: char must be one printable ASCII character`);
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  });
  return problems;
}

function isIntIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

// ---------------------------------------------------------------- what ends up on paper

/**
 * What ends up on paper: the simulator renders received bytes into this, and
 * `previewReceipt` renders a receipt model into the same shape, so a preview
 * can be checked against the simulator. Pure, no Node imports.
 */
export type PaperItem =
  | { type: 'text'; text: string; align: TextAlign; bold: boolean; width: number; height: number }
  | { type: 'qr'; payload: string; moduleSize: number; errorCorrection: QrErrorCorrection; align: TextAlign }
  | { type: 'feed'; lines: number };

export interface PaperReceipt {
  items: PaperItem[];
  /** How the receipt was cut off the roll; null while it is still being printed. */
  cut: CutMode | null;
}

/** The paper a receipt model produces: one `PaperReceipt` per cut, plus an uncut tail. */
export function previewReceipt(receipt: Receipt): PaperReceipt[] {
  const columns = receipt.columns ?? RECEIPT_DEFAULTS.columns;
  const out: PaperReceipt[] = [];
  let items: PaperItem[] = [];
  for (const block of receipt.blocks) {
    switch (block.type) {
      case 'text':
        items.push({
          type: 'text',
          text: normalizeReceiptText(block.text),
          align: block.align ?? RECEIPT_DEFAULTS.align,
          bold: block.bold ?? false,
          width: block.width ?? 1,
          height: block.height ?? 1,
        });
        break;
      case 'qr':
        items.push({
          type: 'qr',
          payload: block.payload,
          moduleSize: block.moduleSize ?? RECEIPT_DEFAULTS.moduleSize,
          errorCorrection: block.errorCorrection ?? RECEIPT_DEFAULTS.errorCorrection,
          align: block.align ?? RECEIPT_DEFAULTS.qrAlign,
        });
        break;
      case 'feed':
        items.push({ type: 'feed', lines: block.lines });
        break;
      case 'separator':
        items.push({
          type: 'text',
          text: (block.char ?? RECEIPT_DEFAULTS.separatorChar).repeat(columns),
          align: 'left',
          bold: false,
          width: 1,
          height: 1,
        });
        break;
      case 'cut':
        out.push({ items, cut: block.mode });
        items = [];
        break;
    }
  }
  if (items.length > 0) out.push({ items, cut: null });
  return out;
}

// ---------------------------------------------------------------- lines for a screen

/**
 * One line of paper as a screen shows it: feeds become blank lines and cuts
 * become markers, so a preview is a flat list a renderer can map over.
 */
export type PreviewLine =
  | { type: 'text'; text: string; align: TextAlign; bold: boolean; width: number; height: number }
  | { type: 'qr'; payload: string; align: TextAlign }
  | { type: 'blank' }
  | { type: 'cut'; mode: CutMode };

/** Paper (from `previewReceipt` or the printer simulator) as preview lines. */
export function paperLines(receipts: readonly PaperReceipt[]): PreviewLine[] {
  const lines: PreviewLine[] = [];
  for (const receipt of receipts) {
    for (const item of receipt.items) {
      switch (item.type) {
        case 'text':
          lines.push({ ...item });
          break;
        case 'qr':
          lines.push({ type: 'qr', payload: item.payload, align: item.align });
          break;
        case 'feed':
          for (let i = 0; i < item.lines; i++) lines.push({ type: 'blank' });
          break;
      }
    }
    if (receipt.cut) lines.push({ type: 'cut', mode: receipt.cut });
  }
  return lines;
}

/** What the receipt would put on paper, line by line, for the on-screen preview. */
export function previewLines(receipt: Receipt): PreviewLine[] {
  return paperLines(previewReceipt(receipt));
}

/**
 * Preview lines as plain strings: text as printed, a QR code as `[QR] payload`,
 * a feed as an empty string, a cut as `[cut]`. For tests and logs.
 */
export function plainLines(lines: readonly PreviewLine[]): string[] {
  return lines.map((line) => {
    switch (line.type) {
      case 'text':
        return line.text;
      case 'qr':
        return `[QR] ${line.payload}`;
      case 'blank':
        return '';
      case 'cut':
        return '[cut]';
    }
  });
}
