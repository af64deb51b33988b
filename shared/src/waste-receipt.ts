import type { Receipt, ReceiptBlock } from './receipt.ts';
import type { DropOutcome, WasteCategory } from './waste.ts';
import type { BalanceView, DropResult } from './waste-session.ts';

/**
 * The paper receipt of one waste drop (垃圾分类投放凭证). Printed by the
 * station's printer and previewed on the kiosk from the same model
 * (`previewLines`). It holds no name or ID number: a resident is at most a
 * masked household code, and the QR code names only the drop.
 */

/** The national category names (GB/T 19095-2019), as printed and shown. */
export const WASTE_CATEGORY_NAMES_ZH: Record<WasteCategory, string> = {
  kitchen: '厨余垃圾',
  recyclable: '可回收物',
  hazardous: '有害垃圾',
  other: '其他垃圾',
};

/** Why a drop earned fewer points than its weight would, in one printed line; null when it did not. */
export const DROP_OUTCOME_LINES_ZH: Record<DropOutcome, string | null> = {
  credited: null,
  'too-light': '重量不足，本次不计积分',
  'too-heavy-review': '重量超限，待人工审核，暂不计分',
  'negative-net': '重量异常，已提交核查，不计积分',
  capped: '今日积分已达上限，本次不计分',
  'partially-capped': '今日积分已达上限，本次部分计分',
};

export const WASTE_RECEIPT_TITLE = '垃圾分类投放凭证';

export interface WasteReceiptInput {
  stationName: string;
  stationId: string;
  /** When the drop finished, epoch ms. */
  at: number;
  /** Minutes east of UTC of the district's wall clock (480 for UTC+8), from the rules. */
  timezoneOffsetMinutes: number;
  /** Masked household code (e.g. `H-***01`), or null when the card binding has none. */
  household: string | null;
  drop: Pick<DropResult, 'dropId' | 'category' | 'netGrams' | 'points' | 'outcome' | 'todayPoints'> & {
    balance: Pick<BalanceView, 'shown' | 'pending'>;
  };
  /** Characters per line: 32 on 58 mm paper (default), 48 on 80 mm. */
  columns?: number;
}

/** The QR payload of a drop's receipt: a technician or the resident's app looks the drop up by it. */
export function dropQrPayload(dropId: string): string {
  return `yf:drop:${dropId}`;
}

/**
 * Integer grams as kilograms, exactly (no floating point): at least two
 * decimals, a third when the grams need it. 1250 → `1.25`, 1000 → `1.00`,
 * 1234 → `1.234`, 5 → `0.005`, −120 → `-0.12`.
 */
export function formatKilograms(grams: number): string {
  if (!Number.isSafeInteger(grams)) throw new RangeError(`grams must be an integer, got ${grams}`);
  const sign = grams < 0 ? '-' : '';
  const magnitude = Math.abs(grams);
  const kilograms = Math.floor(magnitude / 1000);
  const fraction = String(magnitude % 1000).padStart(3, '0');
  return `${sign}${kilograms}.${fraction.endsWith('0') ? fraction.slice(0, 2) : fraction}`;
}

/** `YYYY-MM-DD HH:MM:SS` on the local wall clock. */
export function formatLocalTime(at: number, timezoneOffsetMinutes: number): string {
  const iso = new Date(at + timezoneOffsetMinutes * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Points with their sign, as a drop's line shows them: `+3`, `+0`. */
function signedPoints(points: number): string {
  return points < 0 ? String(points) : `+${points}`;
}

/** `120`, or `120 (含待同步 2)` while some of it is not yet confirmed by the central platform. */
export function balanceText(balance: Pick<BalanceView, 'shown' | 'pending'>): string {
  return balance.pending === 0 ? String(balance.shown) : `${balance.shown} (含待同步 ${balance.pending})`;
}

export function wasteReceipt(input: WasteReceiptInput): Receipt {
  const { drop } = input;
  const line = (text: string): ReceiptBlock => ({ type: 'text', text });
  const outcome = DROP_OUTCOME_LINES_ZH[drop.outcome];
  const blocks: ReceiptBlock[] = [
    { type: 'text', text: WASTE_RECEIPT_TITLE, align: 'center', bold: true, height: 2 },
    { type: 'separator' },
    line(`站点：${input.stationName}`),
    line(`站号：${input.stationId}`),
    line(`时间：${formatLocalTime(input.at, input.timezoneOffsetMinutes)}`),
    ...(input.household === null ? [] : [line(`住户：${input.household}`)]),
    { type: 'separator' },
    line(`类别：${WASTE_CATEGORY_NAMES_ZH[drop.category]}`),
    line(`重量：${formatKilograms(drop.netGrams)} 千克`),
    { type: 'text', text: `本次积分：${signedPoints(drop.points)} 积分`, bold: true },
    ...(outcome === null ? [] : [{ type: 'text', text: outcome, bold: true } satisfies ReceiptBlock]),
    line(`今日累计：${drop.todayPoints} 积分`),
    line(`积分余额：${balanceText(drop.balance)}`),
    { type: 'separator' },
    { type: 'qr', payload: dropQrPayload(drop.dropId), moduleSize: 6, errorCorrection: 'M' },
    { type: 'text', text: '扫码查询本次投放', align: 'center' },
    { type: 'text', text: '分类投放 从我做起', align: 'center' },
    { type: 'feed', lines: 2 },
    { type: 'cut', mode: 'partial' },
  ];
  return { ...(input.columns === undefined ? {} : { columns: input.columns }), blocks };
}
