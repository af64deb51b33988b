import { afterEach, describe, expect, it } from 'vitest';
import { wasteReceipt, type WasteReceiptInput } from '@yaofang/shared/waste-receipt';
import { createMemoryLink } from '../transport/memory.ts';
import { encodeReceipt } from './encoder.ts';
import { paperLines, plainLines, previewLines } from './paper.ts';
import { EscPosSimulator } from './simulator.ts';

/**
 * The waste receipt (shared/src/waste-receipt.ts) through the real printer
 * path: encoded to ESC/POS and rendered by the simulator, it must read back
 * line for line as the kiosk's preview of the same model. Here rather than in
 * shared/ because shared imports nothing of ours.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

const base: WasteReceiptInput = {
  stationName: '阳光社区1号站',
  stationId: 'YF-W-0001',
  at: Date.parse('2025-03-13T23:32:05Z'),
  timezoneOffsetMinutes: 480,
  household: 'H-***01',
  drop: {
    dropId: '01890a5d-ac96-774b-bcce-b302099a8057',
    category: 'kitchen',
    netGrams: 1250,
    points: 3,
    outcome: 'credited',
    todayPoints: 12,
    balance: { shown: 120, pending: 3 },
  },
};

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function printed(input: WasteReceiptInput) {
  const link = createMemoryLink('printer');
  const simulator = new EscPosSimulator(link.device);
  simulator.start();
  link.host.start();
  stop = () => simulator.stop();
  await link.host.write(encodeReceipt(wasteReceipt(input)));
  await settle();
  return { lines: paperLines(simulator.receipts()), garbage: simulator.snapshot().garbageCharacters };
}

describe('the waste receipt on paper', () => {
  it.each<[string, Partial<WasteReceiptInput['drop']>, string | null]>([
    ['a credited drop with pending points', {}, 'H-***01'],
    ['a capped drop without household', { outcome: 'capped', points: 0, netGrams: 4020 }, null],
    ['a negative net', { outcome: 'negative-net', points: 0, netGrams: -120, category: 'hazardous' }, null],
  ])('%s reads back exactly as its preview', async (_name, drop, household) => {
    const input = { ...base, household, drop: { ...base.drop, ...drop } };
    const paper = await printed(input);
    expect(paper.garbage).toBe(0);
    expect(paper.lines).toEqual(previewLines(wasteReceipt(input)));
    expect(plainLines(paper.lines)).toContain(`[QR] yf:drop:${base.drop.dropId}`);
    expect(plainLines(paper.lines).at(-1)).toBe('[cut]');
  });
});
