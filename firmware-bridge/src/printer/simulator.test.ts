import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { encodeReceipt } from './encoder.ts';
import { previewReceipt } from './paper.ts';
import type { Receipt } from './receipt.ts';
import { EscPosSimulator } from './simulator.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const STATUS_1_TO_4 = '10 04 01 10 04 02 10 04 03 10 04 04';
const RECEIPT: Receipt = {
  blocks: [
    { type: 'text', text: '积分 +5', bold: true },
    { type: 'qr', payload: 'https://example.org/p/42' },
    { type: 'cut', mode: 'partial' },
  ],
};

function setup() {
  const link = createMemoryLink('printer');
  const simulator = new EscPosSimulator(link.device);
  simulator.start();
  link.host.start();
  const received: number[] = [];
  link.host.onData((chunk) => received.push(...chunk));
  const send = async (hex: string | Uint8Array) => {
    await link.host.write(typeof hex === 'string' ? fromHex(hex)! : hex);
    await settle();
  };
  /** Bytes received since the last call, as hex. */
  const take = () => toHex(Uint8Array.from(received.splice(0)));
  return { link, simulator, send, take };
}

let stopSimulator: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopSimulator?.();
  stopSimulator = null;
});

function started() {
  const context = setup();
  stopSimulator = () => context.simulator.stop();
  return context;
}

describe('ESC/POS printer simulator', () => {
  it('answers DLE EOT 1–4 idle with 12 12 12 12', async () => {
    const { send, take } = started();
    await send(STATUS_1_TO_4);
    expect(take()).toBe('12 12 12 12');
  });

  it('emits the §4 paper-out bytes 1A / 32 / 7E byte for byte', async () => {
    const { simulator, send, take } = started();
    expect((await simulator.control('paper-out on')).ok).toBe(true);
    await send(STATUS_1_TO_4);
    expect(take()).toBe('1A 32 12 7E');
  });

  it('reports cover open, near end, offline and cutter error on the right bits', async () => {
    const { simulator, send, take } = started();
    await simulator.control('cover-open on');
    await send(STATUS_1_TO_4);
    expect(take()).toBe('1A 16 12 12');
    await simulator.control('cover-open off');
    await simulator.control('near-end on');
    await send(STATUS_1_TO_4);
    expect(take()).toBe('12 12 12 1E');
    await simulator.control('near-end off');
    await simulator.control('offline on');
    await send('10 04 01');
    expect(take()).toBe('1A');
    await simulator.control('offline off');
    await simulator.control('cutter-error on');
    await send(STATUS_1_TO_4);
    expect(take()).toBe('1A 52 1A 12');
  });

  it('answers GS r 1 with 00, 03 near end; and not at all when stopped', async () => {
    const { simulator, send, take } = started();
    await send('1D 72 01');
    expect(take()).toBe('00');
    simulator.setFault('near-end', true);
    await send('1D 72 01');
    expect(take()).toBe('03');
    simulator.setFault('paper-out', true);
    await send('1D 72 01');
    expect(take()).toBe('');
  });

  it('renders a received job onto paper and prints it as text', async () => {
    const { simulator, send } = started();
    await send(encodeReceipt(RECEIPT));
    expect(simulator.receipts()).toEqual(previewReceipt(RECEIPT));
    const listing = await simulator.control('receipts');
    expect(listing).toEqual({
      ok: true,
      message: expect.stringContaining('[left bold 1x1] 积分 +5') as unknown,
    });
    expect(listing.ok && listing.message).toContain('[qr center M module 6] https://example.org/p/42');
    await simulator.control('clear');
    expect(simulator.receipts()).toEqual([]);
  });

  it('drops print data while stopped and says how much', async () => {
    const { simulator, send } = started();
    simulator.setFault('cover-open', true);
    await send(encodeReceipt(RECEIPT));
    expect(simulator.receipts()).toEqual([]);
    expect(simulator.snapshot()).toMatchObject({ droppedCommands: expect.any(Number) as unknown });
    expect(simulator.snapshot().droppedCommands).toBeGreaterThan(5);
  });

  it('a cover opened mid-job loses the rest of the job', async () => {
    const { simulator, send, take } = started();
    await simulator.control('cover-open mid-job');
    await send(encodeReceipt(RECEIPT));
    expect(simulator.receipts()).toEqual([]);
    await send(STATUS_1_TO_4);
    expect(take()).toBe('1A 16 12 12');
  });

  it('stays silent when told to, and prefixes replies with noise when told to', async () => {
    const { simulator, send, take } = started();
    await simulator.control('silent on');
    await send(STATUS_1_TO_4);
    expect(take()).toBe('');
    await simulator.control('silent off');
    await simulator.control('noise on');
    await send('10 04 01');
    expect(take()).toBe('FF 80 13 11 12');
    expect(await simulator.control('garbage 01 02')).toEqual({ ok: true, message: 'sent 01 02' });
    await settle();
    expect(take()).toBe('01 02');
  });

  it('sends an automatic status block when ASB is enabled and when a fault changes', async () => {
    const { simulator, send, take } = started();
    await send('1D 61 0F');
    expect(take()).toBe('10 00 00 00');
    simulator.setFault('paper-out', true);
    await settle();
    expect(take()).toBe('18 00 0F 00');
  });

  it('lists its commands for an unknown one and rejects bad arguments', async () => {
    const { simulator } = started();
    expect(await simulator.control('jam')).toMatchObject({
      ok: false,
      error: expect.stringContaining('paper-out') as unknown,
    });
    expect(await simulator.control('paper-out maybe')).toEqual({
      ok: false,
      error: 'usage: paper-out on|off',
    });
    expect(await simulator.control('garbage zz')).toMatchObject({ ok: false });
  });
});
