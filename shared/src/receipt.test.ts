import { describe, expect, it } from 'vitest';
import {
  normalizeReceiptText,
  plainLines,
  previewLines,
  previewReceipt,
  validateReceipt,
  type Receipt,
} from './receipt.ts';

const receipt: Receipt = {
  columns: 8,
  blocks: [
    { type: 'text', text: '凭证', align: 'center', bold: true, height: 2 },
    { type: 'separator' },
    { type: 'text', text: '金额 ¥5' },
    { type: 'feed', lines: 2 },
    { type: 'qr', payload: 'yf:test' },
    { type: 'cut', mode: 'partial' },
    { type: 'text', text: 'tail', align: 'right' },
  ],
};

describe('previewLines', () => {
  it('flattens the paper: feeds are blank lines, cuts are markers, ¥ prints as ￥', () => {
    expect(plainLines(previewLines(receipt))).toEqual([
      '凭证',
      '--------',
      '金额 ￥5',
      '',
      '',
      '[QR] yf:test',
      '[cut]',
      'tail',
    ]);
  });

  it('keeps what a screen needs to style a line', () => {
    const lines = previewLines(receipt);
    expect(lines[0]).toEqual({
      type: 'text',
      text: '凭证',
      align: 'center',
      bold: true,
      width: 1,
      height: 2,
    });
    expect(lines[5]).toEqual({ type: 'qr', payload: 'yf:test', align: 'center' });
    expect(lines[6]).toEqual({ type: 'cut', mode: 'partial' });
    expect(lines[7]).toMatchObject({ type: 'text', align: 'right', bold: false });
  });

  it('says the same as previewReceipt, one receipt per cut', () => {
    const paper = previewReceipt(receipt);
    expect(paper.map((r) => r.cut)).toEqual(['partial', null]);
    expect(paper[0]?.items).toHaveLength(5);
  });
});

describe('the receipt model', () => {
  it('normalises the half-width yen only', () => {
    expect(normalizeReceiptText('¥1 ￥2 $3')).toBe('￥1 ￥2 $3');
  });

  it('names every problem of an invalid receipt', () => {
    expect(
      validateReceipt({
        columns: 0,
        blocks: [
          { type: 'text', text: 'a\nb' },
          { type: 'qr', payload: '' },
          { type: 'feed', lines: 0 },
        ],
      }),
    ).toEqual([
      'columns must be an integer 1–255, got 0',
      'block 0 (text): text holds a control character or newline',
      'block 1 (qr): payload is empty',
      'block 2 (feed): lines must be an integer 1–255',
    ]);
    expect(validateReceipt(receipt)).toEqual([]);
  });
});
