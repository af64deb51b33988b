import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLink, type MemoryLink } from '../transport/memory.ts';
import { BinController } from './bin-controller.ts';
import { BinPoller, type BinEvent } from './bin-poller.ts';
import { BinControllerModel } from './bin-sim-model.ts';
import { BinSimulator } from './bin-simulator.ts';
import { appendCrc } from './crc16.ts';
import { encodeResponse } from './modbus-frames.ts';
import { ModbusRequestDecoder } from './modbus-stream.ts';
import { ModbusMaster } from './modbus-master.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ModbusMaster and BinController against the simulator (memory link)', () => {
  let link: MemoryLink;
  let simulator: BinSimulator;
  let master: ModbusMaster;
  let bin: BinController;

  beforeEach(() => {
    link = createMemoryLink('bin');
    simulator = new BinSimulator(link.device, { compartments: 2, lidTravelMs: 50, autoCloseSeconds: 30 });
    master = new ModbusMaster(link.host, { timeoutMs: 60, retries: 2, interFrameGapMs: 1 });
    bin = new BinController(master);
    simulator.start();
    master.start();
  });
  afterEach(async () => {
    await master.stop();
    await simulator.stop();
  });

  it('reads map version, status, uptime and a whole compartment', async () => {
    simulator.model.setUptimeSeconds(70_000);
    simulator.model.setTemperature(1, -35);
    simulator.model.setFill(1, 95);
    simulator.model.setOnBattery(true);
    expect(await bin.checkMapVersion()).toEqual({ code: 'ok', value: 1 });
    expect(await bin.status()).toEqual({
      code: 'ok',
      value: { ok: true, rs485Errors: false, onBattery: true },
    });
    const uptime = await bin.uptimeSeconds();
    expect(uptime.code === 'ok' && uptime.value).toBeGreaterThanOrEqual(70_000);
    expect(await bin.compartment(1)).toEqual({
      code: 'ok',
      value: {
        lid: 'closed',
        fillPercent: 95,
        temperatureDeciC: -35,
        alarms: { smoke: false, overTemperature: false, full: true, lidJam: false, tamper: false },
        autoCloseSeconds: 30,
      },
    });
    expect(master.health()).toMatchObject({ state: 'connected', errorCount: 0, frameCount: 4 });
  });

  it('opens and closes a lid and sets its auto-close timeout', async () => {
    expect(await bin.setAutoClose(0, 120)).toEqual({ code: 'ok', value: null });
    expect(await bin.openLid(0)).toEqual({ code: 'ok', value: null });
    expect(simulator.model.compartment(0)).toMatchObject({ lid: 'opening', autoCloseSeconds: 120 });
    expect(await bin.closeLid(0)).toEqual({ code: 'ok', value: null });
    expect(simulator.model.compartment(0).lid).toBe('closing');
  });

  it('returns exception replies as values and does not retry them', async () => {
    expect(await bin.compartment(3)).toEqual({ code: 'exception', exception: 2, name: 'illegal-address' });
    simulator.model.setJam(1, true);
    expect(await bin.openLid(1)).toEqual({ code: 'exception', exception: 4, name: 'device-failure' });
    expect(await bin.setAutoClose(0, 4000)).toEqual({
      code: 'exception',
      exception: 3,
      name: 'illegal-value',
    });
    expect(simulator.snapshot().requestsSeen).toBe(3);
    await expect(bin.openLid(4)).rejects.toThrow(RangeError); // a caller bug, not a device failure
  });

  it('times out after its retries when the controller is silent, and is degraded', async () => {
    simulator.setSilent(true);
    expect(await bin.mapVersion()).toEqual({ code: 'timeout', attempts: 3 });
    expect(simulator.snapshot().requestsSeen).toBe(3);
    expect(master.health()).toMatchObject({ state: 'degraded', errorCount: 3 });
    simulator.setSilent(false);
    expect(await bin.mapVersion()).toEqual({ code: 'ok', value: 1 });
    expect(master.health().state).toBe('connected');
  });

  it('succeeds on a retry when the first request goes unanswered', async () => {
    simulator.setSilent(true);
    setTimeout(() => simulator.setSilent(false), 30);
    expect(await bin.mapVersion()).toEqual({ code: 'ok', value: 1 });
    expect(simulator.snapshot().requestsSeen).toBe(2);
  });

  it('reports crc-error when replies arrive corrupted', async () => {
    simulator.setCorrupt(true);
    const result = await bin.mapVersion();
    expect(result).toMatchObject({ code: 'crc-error', attempts: 3 });
    expect(result.code === 'crc-error' && result.reason).toMatch(/CRC mismatch/);
  });

  it('reads through garbage on the line', async () => {
    await simulator.sendGarbage();
    expect(await bin.mapVersion()).toEqual({ code: 'ok', value: 1 });
    expect(master.health().errorCount).toBe(1);
  });

  it('reports disconnected at once while unplugged and works again after', async () => {
    link.unplug('cable cut');
    const started = Date.now();
    expect(await bin.mapVersion()).toEqual({ code: 'disconnected', reason: 'cable cut' });
    expect(Date.now() - started).toBeLessThan(50);
    expect(master.health().state).toBe('disconnected');
    link.plug();
    expect(await bin.mapVersion()).toEqual({ code: 'ok', value: 1 });
  });
});

describe('ModbusMaster bus discipline', () => {
  it('sends one request at a time, and a failure releases the bus for the next', async () => {
    // A slow device that notices a request arriving while it is still answering the previous one.
    const link = createMemoryLink('slow');
    const model = new BinControllerModel({ compartments: 2 });
    const decoder = new ModbusRequestDecoder();
    let answering = false;
    let overlaps = 0;
    let deaf = true;
    link.device.onData((chunk) => {
      for (const request of decoder.push(chunk)) {
        if (request.type === 'error' || deaf) continue;
        if (answering) overlaps++;
        answering = true;
        const reply = model.handle(request);
        setTimeout(() => {
          answering = false;
          if (reply) void link.device.write(encodeResponse(reply));
        }, 20);
      }
    });
    link.device.start();
    const master = new ModbusMaster(link.host, { timeoutMs: 60, retries: 2, interFrameGapMs: 1 });
    master.start();
    try {
      const bin = new BinController(master);
      const failing = bin.mapVersion(); // unanswered: three attempts time out
      setTimeout(() => (deaf = false), 200);
      const results = await Promise.all([
        failing,
        bin.status(),
        bin.compartment(0),
        bin.openLid(1),
        bin.uptimeSeconds(),
      ]);
      expect(results[0]).toEqual({ code: 'timeout', attempts: 3 });
      expect(results.slice(1).map((r) => r.code)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(overlaps).toBe(0);
    } finally {
      await master.stop();
      await link.device.stop();
      model.dispose();
    }
  });
});

describe('ModbusMaster against a misbehaving device', () => {
  it('reports a CRC-valid reply that does not echo the write as bad-reply, without throwing', async () => {
    const link = createMemoryLink('odd');
    // Echoes every write-multiple with a register count of 0: well-formed, but no answer to the request.
    link.device.onData(() => void link.device.write(appendCrc(Uint8Array.from([1, 0x10, 0, 0x15, 0, 0]))));
    link.device.start();
    const master = new ModbusMaster(link.host, { timeoutMs: 60, retries: 0, interFrameGapMs: 1 });
    master.start();
    try {
      expect(await master.writeMultipleRegisters(1, 0x15, [30])).toEqual({
        code: 'bad-reply',
        reason: 'write of 1 registers at 21 was not echoed',
      });
      expect(master.health().recentFrames.at(-1)).toMatchObject({
        dir: 'rx',
        hex: '01 10 00 15 00 00 D1 CD',
      });
    } finally {
      await master.stop();
      await link.device.stop();
    }
  });
});

describe('BinPoller', () => {
  let link: MemoryLink;
  let simulator: BinSimulator;
  let master: ModbusMaster;
  let poller: BinPoller;
  let events: BinEvent[];

  beforeEach(() => {
    link = createMemoryLink('bin');
    simulator = new BinSimulator(link.device, { compartments: 2, lidTravelMs: 40, autoCloseSeconds: 1 });
    master = new ModbusMaster(link.host, { timeoutMs: 60, retries: 0, interFrameGapMs: 1 });
    poller = new BinPoller(new BinController(master), { compartments: [0, 1, 2], intervalMs: 10 });
    events = [];
    poller.onEvent((event) => events.push(event));
    simulator.start();
    master.start();
  });
  afterEach(async () => {
    await poller.stop();
    await master.stop();
    await simulator.stop();
  });

  it('takes the first read as baseline but reports alarms already active, and a missing compartment once', async () => {
    simulator.model.setSmoke(1, true);
    simulator.model.setFill(0, 40);
    await poller.pollOnce();
    await poller.pollOnce();
    expect(events).toEqual([
      { type: 'alarm-raised', compartment: 1, alarm: 'smoke' },
      {
        type: 'poll-failed',
        compartment: 2,
        failure: { code: 'exception', exception: 2, name: 'illegal-address' },
      },
    ]);
    expect(poller.last(0)).toMatchObject({ fillPercent: 40, lid: 'closed' });
  });

  it('emits fill, alarm raised/cleared and lid changes between polls', async () => {
    await poller.pollOnce();
    simulator.model.setFill(0, 92);
    simulator.model.setTemperature(1, 650);
    simulator.model.openLid(1);
    await poller.pollOnce();
    simulator.model.setTemperature(1, 200);
    await poller.pollOnce();
    expect(events.filter((e) => e.type !== 'poll-failed')).toEqual([
      { type: 'alarm-raised', compartment: 0, alarm: 'full' },
      { type: 'fill-changed', compartment: 0, fromPercent: 0, toPercent: 92 },
      { type: 'lid-changed', compartment: 1, from: 'closed', to: 'opening' },
      { type: 'alarm-raised', compartment: 1, alarm: 'overTemperature' },
      { type: 'alarm-cleared', compartment: 1, alarm: 'overTemperature' },
    ]);
  });

  it('polls on its own and sees a lid open and auto-close', async () => {
    poller.start();
    await delay(30);
    simulator.model.openLid(0);
    const deadline = Date.now() + 3000;
    while (!events.some((e) => e.type === 'lid-changed' && e.to === 'closed') && Date.now() < deadline)
      await delay(10);
    const lid = events
      .filter((e) => e.type === 'lid-changed' && e.compartment === 0)
      .map((e) => e.type === 'lid-changed' && e.to);
    expect(lid).toEqual(['opening', 'open', 'closing', 'closed']);
  });
});
