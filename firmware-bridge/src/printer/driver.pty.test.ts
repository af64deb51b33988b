import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import type { ByteTransport } from '../transport/types.ts';
import { DeviceFileTransport } from './device-file-transport.ts';
import { EscPosPrinter } from './driver.ts';
import { formatReceipts, previewReceipt } from './paper.ts';
import type { Receipt } from './receipt.ts';
import { EscPosSimulator } from './simulator.ts';

const RECEIPT: Receipt = {
  blocks: [
    { type: 'text', text: '幸福里社区服务站', align: 'center', bold: true, width: 2, height: 2 },
    { type: 'separator' },
    { type: 'text', text: '可回收物  2.40 kg' },
    { type: 'text', text: '本次积分  +8   余额 ¥0.80', align: 'right' },
    { type: 'qr', payload: 'https://example.org/receipt/' + 'a1b2c3d4'.repeat(40), errorCorrection: 'Q' },
    { type: 'feed', lines: 3 },
    { type: 'cut', mode: 'partial', feedUnits: 10 },
  ],
};

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  stops = [];
});

/** Simulator on one end of a socat pty pair, the driver on the other, as on a kiosk. */
async function setup(hostKind: 'serial' | 'device-file' = 'serial') {
  const dir = mkdtempSync(join(tmpdir(), 'yf-'));
  const paths = { device: join(dir, 'printer'), host: join(dir, 'ttyUSB0') };
  let pty: PtyPair | null = await startPtyPair(paths.device, paths.host);
  // The simulator reads its end as a file: SerialTransport only notices a vanished pty when it
  // writes, and a simulator waiting for a request never writes.
  const simulatorTransport = new DeviceFileTransport({
    path: paths.device,
    reconnectBaseMs: 20,
    reconnectCapMs: 100,
  });
  const simulator = new EscPosSimulator(simulatorTransport);
  const transport: ByteTransport =
    hostKind === 'serial'
      ? new SerialTransport({ path: paths.host, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 })
      : new DeviceFileTransport({ path: paths.host, reconnectBaseMs: 20, reconnectCapMs: 100 });
  const printer = new EscPosPrinter({ transport, replyTimeoutMs: 300, jobTimeoutMs: 1500 });
  stops.push(
    () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    async () => pty?.stop(),
    () => simulator.stop(),
    () => printer.stop(),
  );
  simulator.start();
  printer.start();
  const connected = () =>
    transport.health().state === 'connected' && simulatorTransport.health().state === 'connected';
  await until('both ends connected', connected);
  return {
    simulator,
    printer,
    transport,
    connected,
    vanish: async () => {
      await pty?.stop();
      pty = null;
    },
    restore: async () => {
      pty = await startPtyPair(paths.device, paths.host);
    },
  };
}

describe('ESC/POS printer driver against the simulator over a pty', () => {
  it.each(['serial', 'device-file'] as const)(
    'prints a receipt that reads back from the paper (%s)',
    async (kind) => {
      const { simulator, printer } = await setup(kind);
      const result = await printer.print(RECEIPT);
      expect(result).toMatchObject({ ok: true, value: { warnings: [] } });
      expect(simulator.receipts(), formatReceipts(simulator.receipts())).toEqual(previewReceipt(RECEIPT));
      expect(printer.health()).toMatchObject({ state: 'connected', errorCount: 0 });
    },
  );

  it('refuses the job on a printer out of paper, before sending it', async () => {
    const { simulator, printer } = await setup();
    await simulator.control('paper-out on');
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({ ok: false, error: { code: 'paper-out', stage: 'before-job' } });
    expect(simulator.snapshot()).toMatchObject({ droppedCommands: 0, receipts: [] });
  });

  it('reports a cover opened mid-job', async () => {
    const { simulator, printer } = await setup();
    await simulator.control('cover-open mid-job');
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({ ok: false, error: { code: 'cover-open', stage: 'during-job' } });
    expect(simulator.receipts()).toEqual([]);
    await simulator.control('cover-open off');
    expect((await printer.print(RECEIPT)).ok).toBe(true);
  });

  it('times out on a silent printer and recovers when it answers again', async () => {
    const { simulator, printer } = await setup();
    await simulator.control('silent on');
    const started = Date.now();
    const result = await printer.print(RECEIPT);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', stage: 'before-job' } });
    // DLE EOT 1, tried twice at 300 ms; timers may fire a millisecond early by the wall clock.
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
    expect(printer.health().errorCount).toBe(2);
    await simulator.control('silent off');
    expect((await printer.print(RECEIPT)).ok).toBe(true);
  });

  it('prints through garbage on the line, counting it', async () => {
    const { simulator, printer } = await setup();
    await simulator.control('garbage FF 00 80');
    await simulator.control('noise on');
    const result = await printer.print(RECEIPT);
    expect(result.ok).toBe(true);
    expect(simulator.receipts()).toEqual(previewReceipt(RECEIPT));
    expect(printer.health().errorCount).toBeGreaterThanOrEqual(3 + 9);
  });

  it.each(['serial', 'device-file'] as const)(
    'reports the printer vanishing and prints again when it is back, without a restart (%s)',
    async (kind) => {
      const { simulator, printer, connected, vanish, restore } = await setup(kind);
      expect((await printer.print(RECEIPT)).ok).toBe(true);
      await vanish();
      // A serial port learns of it from its next write (the status request), a device file from its poll.
      expect(await printer.print(RECEIPT)).toMatchObject({ ok: false, error: { code: 'disconnected' } });
      await until('link down', () => printer.health().state === 'disconnected');
      await restore();
      await until('both ends reconnected', connected);
      expect((await printer.print(RECEIPT)).ok).toBe(true);
      expect(simulator.receipts()).toEqual([...previewReceipt(RECEIPT), ...previewReceipt(RECEIPT)]);
      expect(printer.health().state).toBe('connected');
    },
  );
});
