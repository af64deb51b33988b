import { describe, expect, it } from 'vitest';
import { plainLines, previewLines, validateReceipt } from './receipt.ts';
import {
  dropQrPayload,
  formatKilograms,
  formatLocalTime,
  wasteReceipt,
  type WasteReceiptInput,
} from './waste-receipt.ts';

const DROP_ID = '01890a5d-ac96-774b-bcce-b302099a8057';
/** 2025-03-14 07:32:05 in Beijing. */
const AT = Date.parse('2025-03-13T23:32:05Z');

function input(drop: Partial<WasteReceiptInput['drop']> = {}, household: string | null = 'H-***01') {
  return {
    stationName: '阳光社区1号站',
    stationId: 'YF-W-0001',
    at: AT,
    timezoneOffsetMinutes: 480,
    household,
    drop: {
      dropId: DROP_ID,
      category: 'kitchen',
      netGrams: 1250,
      points: 3,
      outcome: 'credited',
      todayPoints: 12,
      balance: { shown: 120, pending: 0 },
      ...drop,
    },
  } satisfies WasteReceiptInput;
}

const lines = (receiptInput: WasteReceiptInput) => plainLines(previewLines(wasteReceipt(receiptInput)));

const HEAD = [
  '垃圾分类投放凭证',
  '--------------------------------',
  '站点：阳光社区1号站',
  '站号：YF-W-0001',
  '时间：2025-03-14 07:32:05',
];
const TAIL = [
  '--------------------------------',
  `[QR] yf:drop:${DROP_ID}`,
  '扫码查询本次投放',
  '分类投放 从我做起',
  '',
  '',
  '[cut]',
];

describe('wasteReceipt', () => {
  it('prints a credited drop', () => {
    expect(lines(input())).toEqual([
      ...HEAD,
      '住户：H-***01',
      '--------------------------------',
      '类别：厨余垃圾',
      '重量：1.25 千克',
      '本次积分：+3 积分',
      '今日累计：12 积分',
      '积分余额：120',
      ...TAIL,
    ]);
  });

  it('says how much of the balance awaits the central platform, and leaves out a missing household', () => {
    const drop = { category: 'recyclable', netGrams: 3000, points: 15, balance: { shown: 135, pending: 15 } };
    expect(lines(input(drop as Partial<WasteReceiptInput['drop']>, null))).toEqual([
      ...HEAD,
      '--------------------------------',
      '类别：可回收物',
      '重量：3.00 千克',
      '本次积分：+15 积分',
      '今日累计：12 积分',
      '积分余额：135 (含待同步 15)',
      ...TAIL,
    ]);
  });

  it.each([
    ['too-light', 30, '0.03', '重量不足，本次不计积分'],
    ['too-heavy-review', 31_005, '31.005', '重量超限，待人工审核，暂不计分'],
    ['negative-net', -120, '-0.12', '重量异常，已提交核查，不计积分'],
    ['capped', 2000, '2.00', '今日积分已达上限，本次不计分'],
  ] as const)('prints why a %s drop earned nothing', (outcome, netGrams, kilograms, why) => {
    const printed = lines(input({ category: 'other', outcome, netGrams, points: 0, todayPoints: 200 }));
    expect(printed.slice(7, 13)).toEqual([
      '类别：其他垃圾',
      `重量：${kilograms} 千克`,
      '本次积分：+0 积分',
      why,
      '今日累计：200 积分',
      '积分余额：120',
    ]);
  });

  it('prints a partly capped drop with the points it did earn', () => {
    const printed = lines(input({ category: 'hazardous', outcome: 'partially-capped', points: 4 }));
    expect(printed.slice(7, 12)).toEqual([
      '类别：有害垃圾',
      '重量：1.25 千克',
      '本次积分：+4 积分',
      '今日积分已达上限，本次部分计分',
      '今日累计：12 积分',
    ]);
  });

  it('puts the drop, and nothing else, in the QR code', () => {
    const qr = wasteReceipt(input()).blocks.filter((block) => block.type === 'qr');
    expect(qr).toEqual([{ type: 'qr', payload: `yf:drop:${DROP_ID}`, moduleSize: 6, errorCorrection: 'M' }]);
    expect(dropQrPayload('x')).toBe('yf:drop:x');
  });

  it('is a valid receipt, with a bold, tall title and a cut at the end', () => {
    const receipt = wasteReceipt(input());
    expect(validateReceipt(receipt)).toEqual([]);
    expect(receipt.blocks[0]).toMatchObject({ align: 'center', bold: true, height: 2 });
    expect(receipt.blocks.at(-1)).toEqual({ type: 'cut', mode: 'partial' });
    expect(wasteReceipt({ ...input(), columns: 48 }).columns).toBe(48);
  });

  it('fits every line of the usual receipt on 58 mm paper (32 columns, CJK counts 2)', () => {
    const columnsOf = (text: string) =>
      Array.from(text).reduce((sum, char) => sum + (/[\x20-\x7E]/.test(char) ? 1 : 2), 0);
    const receipt = wasteReceipt(
      input({ outcome: 'partially-capped', balance: { shown: 99_999, pending: 200 } }),
    );
    const texts = previewLines(receipt).flatMap((line) => (line.type === 'text' ? [line.text] : []));
    for (const text of texts) expect(columnsOf(text), text).toBeLessThanOrEqual(32);
  });
});

describe('formatKilograms', () => {
  it.each([
    [1250, '1.25'],
    [1000, '1.00'],
    [1234, '1.234'],
    [1200, '1.20'],
    [5, '0.005'],
    [50, '0.05'],
    [0, '0.00'],
    [-120, '-0.12'],
    [-5, '-0.005'],
    [290, '0.29'],
    [1_000_000, '1000.00'],
  ])('%i g → %s kg', (grams, text) => {
    expect(formatKilograms(grams)).toBe(text);
  });

  it('refuses a fraction of a gram', () => {
    expect(() => formatKilograms(1.5)).toThrow(RangeError);
  });
});

describe('formatLocalTime', () => {
  it('shows the wall clock of the district, across the UTC date line', () => {
    expect(formatLocalTime(AT, 480)).toBe('2025-03-14 07:32:05');
    expect(formatLocalTime(AT, 0)).toBe('2025-03-13 23:32:05');
  });
});
