import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { EscPosPrinter, type EscPosPrinterOptions } from './driver.ts';
import { encodeReceipt } from './encoder.ts';
import { previewReceipt } from './paper.ts';
import type { Receipt } from './receipt.ts';
import { EscPosSimulator } from './simulator.ts';
import type { PrinterStatus } from './status.ts';

const RECEIPT: Receipt = {
  blocks: [
    { type: 'text', text: '垃圾分类积分凭条', align: 'center', bold: true, width: 2, height: 2 },
    { type: 'text', text: '厨余垃圾 0.85 kg  +3 分' },
    { type: 'qr', payload: 'https://example.org/drop/7f3a', errorCorrection: 'M' },
    { type: 'cut', mode: 'full' },
  ],
};
const STATUS = '10 04 01 10 04 02 10 04 03 10 04 04';
const JOB_DONE = '1D 72 01';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

function setup(options: Partial<EscPosPrinterOptions> = {}) {
  const link = createMemoryLink('printer');
  const simulator = new EscPosSimulator(link.device);
  simulator.start();
  const sent: number[] = [];
  link.device.onData((chunk) => sent.push(...chunk));
  const printer = new EscPosPrinter({
    transport: link.host,
    replyTimeoutMs: 50,
    jobTimeoutMs: 100,
    ...options,
  });
  printer.start();
  cleanup.push(
    () => printer.stop(),
    () => simulator.stop(),
  );
  return { link, simulator, printer, sentHex: () => toHex(Uint8Array.from(sent)) };
}

describe('ESC/POS printer driver', () => {
  it('checks status, sends the job, confirms it with GS r 1 and checks status again', async () => {
    const { simulator, printer, sentHex } = setup();
    const result = await printer.print(RECEIPT);
    const job = encodeReceipt(RECEIPT);
    expect(result).toMatchObject({ ok: true, value: { bytes: job.length, warnings: [] } });
    expect(sentHex()).toBe([STATUS, toHex(job), JOB_DONE, STATUS].join(' '));
    expect(simulator.receipts()).toEqual(previewReceipt(RECEIPT));
    expect(printer.health()).toMatchObject({ state: 'connected', errorCount: 0, frameCount: 9 });
  });

  it('refuses a job on a printer out of paper, before sending anything, and says what to do', async () => {
    const { simulator, printer, sentHex } = setup();
    simulator.setFault('paper-out', true);
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'paper-out', stage: 'before-job', status: { paperOut: true, paperNearEnd: true } },
    });
    expect(!result.ok && result.error.message).toMatch(/load a new roll/);
    expect(sentHex()).toBe(STATUS);
  });

  it.each([
    ['cover-open', 'cover-open', /close the cover/],
    ['offline', 'offline', /offline/],
    ['cutter-error', 'error', /cutter/],
  ] as const)('refuses a job when %s, with code %s', async (fault, code, advice) => {
    const { simulator, printer } = setup();
    simulator.setFault(fault, true);
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({ ok: false, error: { code, stage: 'before-job' } });
    expect(!result.ok && result.error.message).toMatch(advice);
    expect(simulator.receipts()).toEqual([]);
  });

  it('prints on a near-end roll and warns', async () => {
    const { simulator, printer } = setup();
    simulator.setFault('near-end', true);
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({
      ok: true,
      value: { warnings: ['paper-near-end'], status: { paperNearEnd: true } },
    });
  });

  it.each(['cover-open', 'paper-out'] as const)(
    'reports %s striking mid-job as a during-job failure',
    async (fault) => {
      const { simulator, printer } = setup();
      simulator.armMidJob(fault);
      const result = await printer.print(RECEIPT);
      expect(result).toMatchObject({ ok: false, error: { code: fault, stage: 'during-job' } });
      expect(!result.ok && result.error.message).toMatch(/may be incomplete/);
      expect(simulator.receipts()).toEqual([]);
    },
  );

  it('times out on a silent printer after each try, and counts the errors', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { simulator, printer } = setup({ replyTimeoutMs: 500, retries: 1 });
    simulator.setFault('silent', true);
    const pending = printer.print(RECEIPT);
    await vi.advanceTimersByTimeAsync(499);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(false); // the retry is still waiting
    await vi.advanceTimersByTimeAsync(500);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'timeout', stage: 'before-job' } });
    expect(printer.health().errorCount).toBe(2);
    expect(simulator.receipts()).toEqual([]);
  });

  it('fails fast with disconnected when the link is down, and when it drops mid-wait', async () => {
    const { link, simulator, printer } = setup({ replyTimeoutMs: 5000 });
    link.unplug('USB cable pulled');
    expect(await printer.print(RECEIPT)).toMatchObject({
      ok: false,
      error: { code: 'disconnected', stage: 'before-job' },
    });
    link.plug();
    simulator.setFault('silent', true);
    const pending = printer.status();
    setTimeout(() => link.unplug('USB cable pulled'), 10);
    expect(await pending).toMatchObject({
      ok: false,
      error: { code: 'disconnected', reason: 'USB cable pulled' },
    });
  });

  it('still prints through line noise, counting each garbled byte as an error', async () => {
    const { simulator, printer } = setup();
    simulator.setFault('noise', true);
    const result = await printer.print(RECEIPT);
    expect(result.ok).toBe(true);
    expect(printer.health().errorCount).toBeGreaterThanOrEqual(9);
    expect(simulator.receipts()).toEqual(previewReceipt(RECEIPT));
  });

  it('runs one job at a time: the second starts after the first is confirmed', async () => {
    const { printer, sentHex } = setup();
    const second: Receipt = { blocks: [{ type: 'text', text: 'second' }] };
    const results = await Promise.all([printer.print(RECEIPT), printer.print(second)]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(sentHex()).toBe(
      [
        STATUS,
        toHex(encodeReceipt(RECEIPT)),
        JOB_DONE,
        STATUS,
        STATUS,
        toHex(encodeReceipt(second)),
        JOB_DONE,
        STATUS,
      ].join(' '),
    );
  });

  it('rejects an invalid receipt as the bug it is, without touching the printer', async () => {
    const { printer, sentHex } = setup();
    await expect(printer.print({ blocks: [{ type: 'feed', lines: 0 }] })).rejects.toThrow(RangeError);
    expect(sentHex()).toBe('');
  });

  it('reports status on demand and announces changes, including from ASB blocks', async () => {
    const { link, simulator, printer } = setup();
    const seen: PrinterStatus[] = [];
    printer.onStatus((status) => seen.push(status));
    expect(await printer.status()).toMatchObject({ ok: true, value: { offline: false, paperOut: false } });
    await printer.status(); // unchanged: no second event
    expect(seen).toHaveLength(1);
    await link.host.write(fromHex('1D 61 0F')!); // enable ASB on the simulator
    simulator.setFault('cover-open', true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(printer.lastKnownStatus()).toMatchObject({ coverOpen: true, offline: true });
    expect(seen.at(-1)).toMatchObject({ coverOpen: true });
  });
});
