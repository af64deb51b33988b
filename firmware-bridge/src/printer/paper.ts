import type { PaperItem, PaperReceipt } from '@yaofang/shared/receipt';

/**
 * What ends up on paper (`PaperItem`, `PaperReceipt`) and the preview of a
 * receipt model (`previewReceipt`, `previewLines`) are defined beside the
 * model in `@yaofang/shared/receipt`; the simulator renders received bytes
 * into the same shape, so a preview can be checked against the simulator.
 */
export {
  paperLines,
  plainLines,
  previewLines,
  previewReceipt,
  type PaperItem,
  type PaperReceipt,
  type PreviewLine,
} from '@yaofang/shared/receipt';

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
