import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex } from '../codec.ts';
import { encodeReceipt } from './encoder.ts';
import { EscPosParser } from './escpos-parser.ts';
import { GARBAGE, PaperRenderer } from './paper-renderer.ts';
import { formatReceipts, previewReceipt, type PaperReceipt } from './paper.ts';
import type { Receipt } from './receipt.ts';
import { receipt as arbitraryReceipt } from './test-arbitraries.ts';

/** Feed bytes through the printer side in chunks of `size`, as a serial line would. */
function render(bytes: Uint8Array, size = bytes.length || 1): { receipts: PaperReceipt[]; garbage: number } {
  const parser = new EscPosParser();
  const paper = new PaperRenderer();
  for (let i = 0; i < bytes.length; i += size) {
    for (const command of parser.push(bytes.subarray(i, i + size))) paper.apply(command);
  }
  return { receipts: paper.receipts(), garbage: paper.garbageCharacters };
}

const SAMPLE: Receipt = {
  blocks: [
    { type: 'text', text: '社区服务站', align: 'center', bold: true, width: 2, height: 2 },
    { type: 'text', text: '可回收物 1.25 kg  ¥3.50' },
    { type: 'separator' },
    { type: 'qr', payload: 'https://example.org/r/0001', errorCorrection: 'Q', moduleSize: 8 },
    { type: 'feed', lines: 2 },
    { type: 'cut', mode: 'full', feedUnits: 3 },
    { type: 'text', text: '第二张', align: 'right' },
  ],
};

describe('paper rendering', () => {
  it('renders an encoded receipt back into its lines, QR and cut', () => {
    const { receipts, garbage } = render(encodeReceipt(SAMPLE));
    expect(receipts).toEqual([
      {
        cut: 'full',
        items: [
          { type: 'text', text: '社区服务站', align: 'center', bold: true, width: 2, height: 2 },
          { type: 'text', text: '可回收物 1.25 kg  ￥3.50', align: 'left', bold: false, width: 1, height: 1 },
          { type: 'text', text: '-'.repeat(32), align: 'left', bold: false, width: 1, height: 1 },
          {
            type: 'qr',
            payload: 'https://example.org/r/0001',
            errorCorrection: 'Q',
            moduleSize: 8,
            align: 'center',
          },
          { type: 'feed', lines: 2 },
        ],
      },
      {
        cut: null,
        items: [{ type: 'text', text: '第二张', align: 'right', bold: false, width: 1, height: 1 }],
      },
    ]);
    expect(garbage).toBe(0);
    expect(receipts).toEqual(previewReceipt(SAMPLE));
    expect(formatReceipts(receipts)).toContain('[center bold 2x2] 社区服务站');
  });

  it('prints a 4-byte GB18030 sequence (a raw ¥) as garbage, as GBK printers do', () => {
    const { receipts, garbage } = render(fromHex('1C 26 81 30 84 36 1C 2E 31 32 0A')!);
    expect(receipts[0]!.items[0]).toMatchObject({ text: `${GARBAGE}12` });
    expect(garbage).toBe(1);
    // A byte ≥ 0x80 outside Chinese mode is a code-page glyph, not what was meant either.
    expect(render(fromHex('A3 A4 0A')!).garbage).toBe(2);
  });

  it('keeps a Chinese character whose two bytes arrive in different chunks', () => {
    const bytes = encodeReceipt({ blocks: [{ type: 'text', text: '回收' }] });
    expect(render(bytes, 1).receipts).toEqual(previewReceipt({ blocks: [{ type: 'text', text: '回收' }] }));
  });

  it('ESC @ drops a half-received line and resets attributes', () => {
    const { receipts } = render(fromHex('1B 45 01 41 42 1B 40 43 0A')!);
    expect(receipts[0]!.items).toEqual([
      { type: 'text', text: 'C', align: 'left', bold: false, width: 1, height: 1 },
    ]);
  });

  it('property: any receipt, encoded and chunked at random, renders as its preview', () => {
    fc.assert(
      fc.property(arbitraryReceipt, fc.integer({ min: 1, max: 64 }), (receipt, size) => {
        const { receipts, garbage } = render(encodeReceipt(receipt), size);
        expect(garbage).toBe(0);
        expect(receipts).toEqual(previewReceipt(receipt));
      }),
      { numRuns: 200 },
    );
  });
});
