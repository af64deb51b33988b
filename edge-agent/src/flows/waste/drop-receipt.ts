import type { WasteNotice } from '@yaofang/shared';
import type { WasteReceiptInput } from '@yaofang/shared/waste-receipt';
import type { Logger } from 'pino';
import type { PrinterPort } from './ports.ts';

/** Lays a drop out as a receipt: `wasteReceipt` from `@yaofang/shared/waste-receipt`. */
export type ReceiptBuilder = (input: WasteReceiptInput) => Parameters<PrinterPort['print']>[0];

/**
 * Print one drop's receipt. A missing printer, a layout error or a printer
 * failure (paper out, cover open, unplugged) is a notice for the screen,
 * never a crash: resolves with that notice, or null when it printed.
 */
export async function printDropReceipt(
  deps: { printer: PrinterPort | undefined; buildReceipt: ReceiptBuilder | undefined; log: Logger },
  input: WasteReceiptInput,
): Promise<WasteNotice | null> {
  const { printer, buildReceipt, log } = deps;
  const failed = (reason: unknown): WasteNotice => {
    log.warn({ dropId: input.drop.dropId, reason }, 'receipt not printed');
    return { code: 'device-fault', device: printer?.id ?? 'printer' };
  };
  if (!printer || !buildReceipt) return failed('this station has no printer or no receipt layout');
  try {
    const printed = await printer.print(buildReceipt(input));
    return printed.ok ? null : failed(printed.error);
  } catch (error) {
    return failed(error instanceof Error ? error.message : String(error));
  }
}
