import {
  RECEIPT_DEFAULTS,
  normalizeReceiptText,
  type CutMode,
  type QrErrorCorrection,
  type Receipt,
  type TextAlign,
} from './receipt.ts';

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

/** Receipts as plain text, for the simulator's `receipts` command and test failure messages. */
export function formatReceipts(receipts: readonly PaperReceipt[]): string {
  if (receipts.length === 0) return '(no receipts)';
  return receipts
    .map((receipt, index) => {
      const head = `--- receipt ${index + 1} (${receipt.cut ? `${receipt.cut} cut` : 'not cut yet'}) ---`;
      return [head, ...receipt.items.map(formatItem)].join('\n');
    })
    .join('\n');
}

function formatItem(item: PaperItem): string {
  switch (item.type) {
    case 'text': {
      const attributes = [item.align, item.bold ? 'bold' : '', `${item.width}x${item.height}`].filter(
        Boolean,
      );
      return `[${attributes.join(' ')}] ${item.text}`;
    }
    case 'qr':
      return `[qr ${item.align} ${item.errorCorrection} module ${item.moduleSize}] ${item.payload}`;
    case 'feed':
      return `[feed ${item.lines}]`;
  }
}
