import fc from 'fast-check';
import type { Receipt, ReceiptBlock, TextAlign } from './receipt.ts';

/**
 * Random receipts for property tests. Text mixes ASCII with Chinese from the
 * CJK block U+4E00–U+9FA5 (all two-byte in GBK, so a printer prints them) and
 * both yen signs, since `¥` must come out as `￥`.
 */
const chineseChar = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
const asciiChar = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const symbol = fc.constantFrom('¥', '￥', '，', '。', '：');

export const receiptText = fc
  .array(fc.oneof(asciiChar, chineseChar, symbol), { maxLength: 24 })
  .map((chars) => chars.join(''));

const align = fc.constantFrom<TextAlign>('left', 'center', 'right');

export const receiptBlock: fc.Arbitrary<ReceiptBlock> = fc.oneof(
  fc.record(
    {
      type: fc.constant('text' as const),
      text: receiptText,
      align,
      bold: fc.boolean(),
      width: fc.integer({ min: 1, max: 8 }),
      height: fc.integer({ min: 1, max: 8 }),
    },
    { requiredKeys: ['type', 'text'] },
  ),
  fc.record(
    {
      type: fc.constant('qr' as const),
      // At most 4 UTF-8 bytes a character: 300 always fit in the 1273 bytes of level H.
      payload: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 300 }),
      moduleSize: fc.integer({ min: 1, max: 16 }),
      errorCorrection: fc.constantFrom('L' as const, 'M' as const, 'Q' as const, 'H' as const),
      align,
    },
    { requiredKeys: ['type', 'payload'] },
  ),
  fc.record({ type: fc.constant('feed' as const), lines: fc.integer({ min: 1, max: 255 }) }),
  fc.record(
    {
      type: fc.constant('cut' as const),
      mode: fc.constantFrom('full' as const, 'partial' as const),
      feedUnits: fc.integer({ min: 0, max: 255 }),
    },
    { requiredKeys: ['type', 'mode'] },
  ),
  fc.record(
    { type: fc.constant('separator' as const), char: fc.constantFrom('-', '=', '*') },
    { requiredKeys: ['type'] },
  ),
);

export const receipt: fc.Arbitrary<Receipt> = fc.record(
  { columns: fc.constantFrom(32, 48), blocks: fc.array(receiptBlock, { maxLength: 12 }) },
  { requiredKeys: ['blocks'] },
);
