import type { Receipt } from '@yaofang/shared/receipt';

export const TEST_PRINT_TITLE = '打印测试 PRINTER TEST';

/**
 * The technician's test page: every kind of block the receipts use (bold,
 * double height, Chinese, a separator, a QR code, the cut), so one glance at
 * the paper tells whether the printer, the code page and the cutter work.
 */
export function technicianTestReceipt(input: { stationId: string; version: string; at: Date }): Receipt {
  return {
    blocks: [
      { type: 'text', text: TEST_PRINT_TITLE, align: 'center', bold: true, height: 2 },
      { type: 'separator' },
      { type: 'text', text: `站号 Station: ${input.stationId}` },
      { type: 'text', text: `时间 Time: ${input.at.toISOString().slice(0, 19)}Z` },
      { type: 'text', text: `版本 Version: ${input.version}` },
      { type: 'text', text: '中文字样：垃圾分类 时间银行 积分', bold: true },
      { type: 'text', text: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789' },
      { type: 'separator', char: '=' },
      { type: 'qr', payload: `yf-test:${input.stationId}`, moduleSize: 4, errorCorrection: 'M' },
      { type: 'feed', lines: 2 },
      { type: 'cut', mode: 'partial' },
    ],
  };
}
