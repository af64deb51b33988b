/**
 * The receipt model lives in `@yaofang/shared/receipt` so the printer, its
 * simulator and the kiosk's on-screen preview share ONE model; this file keeps
 * the printer's own import paths working.
 */
export {
  QR_MAX_BYTES,
  RECEIPT_DEFAULTS,
  normalizeReceiptText,
  validateReceipt,
  type CutBlock,
  type CutMode,
  type FeedBlock,
  type QrBlock,
  type QrErrorCorrection,
  type Receipt,
  type ReceiptBlock,
  type SeparatorBlock,
  type TextAlign,
  type TextBlock,
} from '@yaofang/shared/receipt';
