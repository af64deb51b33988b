import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startPtyPair, type PtyPair } from '../sim/pty.ts';
import { SerialTransport } from '../transport/serial.ts';
import type { ByteTransport } from '../transport/types.ts';
import { DeviceFileTransport } from './device-file-transport.ts';

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function collect(transport: ByteTransport): { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  transport.onData((chunk) => chunks.push(chunk));
  return { bytes: () => Buffer.concat(chunks) };
}

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  stops = [];
});

/** `peer` is the far end: SerialTransport shows interop; a file peer notices a vanished pty without writing. */
async function setup(peer: 'serial' | 'file' = 'serial') {
  const dir = mkdtempSync(join(tmpdir(), 'yf-'));
  const paths = { device: join(dir, 'printer'), host: join(dir, 'lp0') };
  let pty: PtyPair | null = await startPtyPair(paths.device, paths.host);
  const device: ByteTransport =
    peer === 'serial'
      ? new SerialTransport({ path: paths.device, baudRate: 9600, reconnectBaseMs: 20, reconnectCapMs: 100 })
      : new DeviceFileTransport({ path: paths.device, reconnectBaseMs: 20, reconnectCapMs: 100 });
  const host = new DeviceFileTransport({
    path: paths.host,
    reconnectBaseMs: 20,
    reconnectCapMs: 100,
    pollMs: 5,
  });
  stops.push(
    () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    async () => pty?.stop(),
    () => device.stop(),
    () => host.stop(),
  );
  device.start();
  host.start();
  await until(
    'both ends connected',
    () => device.health().state === 'connected' && host.health().state === 'connected',
  );
  return {
    device,
    host,
    vanish: async () => {
      await pty?.stop();
      pty = null;
    },
    restore: async () => {
      pty = await startPtyPair(paths.device, paths.host);
    },
  };
}

describe('DeviceFileTransport over a pty (a pty is a file too)', () => {
  it('writes to the device and reads its replies', async () => {
    const { device, host } = await setup();
    const atDevice = collect(device);
    const atHost = collect(host);
    await host.write(Uint8Array.of(0x10, 0x04, 0x01));
    await until('request at the device', () => atDevice.bytes().length === 3);
    expect([...atDevice.bytes()]).toEqual([0x10, 0x04, 0x01]);
    await device.write(Uint8Array.of(0x12));
    await until('reply at the host', () => atHost.bytes().length === 1);
    expect([...atHost.bytes()]).toEqual([0x12]);
  });

  it('delivers a job larger than the pty buffer intact and in order, even from concurrent writes', async () => {
    const { device, host } = await setup();
    const atDevice = collect(device);
    const first = Buffer.alloc(40_000, 0x41);
    const second = Buffer.alloc(40_000, 0x42);
    await Promise.all([host.write(first), host.write(second)]);
    await until('all bytes at the device', () => atDevice.bytes().length === 80_000, 10_000);
    expect(atDevice.bytes().equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('reports the device vanishing, refuses writes, and reconnects when it is back', async () => {
    const { device, host, vanish, restore } = await setup('file');
    const atDevice = collect(device);
    await vanish();
    await until('host disconnected', () => host.health().state === 'disconnected');
    expect(host.health()).toMatchObject({
      state: 'disconnected',
      lastError: expect.stringContaining('lp0') as unknown,
    });
    await expect(host.write(Uint8Array.of(1))).rejects.toThrow(/not open/);
    await restore();
    await until(
      'host reconnected',
      () => host.health().state === 'connected' && device.health().state === 'connected',
    );
    await host.write(Uint8Array.of(0x1b, 0x40));
    await until('bytes after reconnect', () => atDevice.bytes().length === 2);
    expect([...atDevice.bytes()]).toEqual([0x1b, 0x40]);
  });
});
