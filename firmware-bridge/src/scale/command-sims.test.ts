import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { encodeYaohuaReading } from './yaohua-cmd-codec.ts';
import { SicsSimulator } from './sics-sim.ts';
import { YaohuaCommandSimulator } from './yaohua-cmd-sim.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A started simulator on a memory link, and a function that sends a request and collects the answer. */
function wire<S extends { start(): void; stop(): Promise<void> }>(
  make: (t: ReturnType<typeof createMemoryLink>['device']) => S,
) {
  const link = createMemoryLink('sim');
  const sim = make(link.device);
  const received: Buffer[] = [];
  link.host.onData((chunk) => received.push(chunk));
  link.host.start();
  sim.start();
  stops.push(
    () => sim.stop(),
    () => link.host.stop(),
  );
  const ask = async (bytes: Uint8Array | string) => {
    received.length = 0;
    await link.host.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    await new Promise((r) => setTimeout(r, 5));
    return Buffer.concat(received);
  };
  return { sim, ask };
}

describe('Yaohua command-mode simulator', () => {
  it('answers the golden handshake with the same frame and the golden read-gross with a reading', async () => {
    const { sim, ask } = wire((t) => new YaohuaCommandSimulator(t));
    sim.setGrams(15600);
    expect(toHex(await ask(fromHex('02 41 41 30 30 03')!))).toBe('02 41 41 30 30 03');
    expect(toHex(await ask(fromHex('02 41 42 30 33 03')!))).toBe(
      toHex(encodeYaohuaReading('A', 'B', 15600, 2)),
    );
  });

  it('TARE key: C reads the tare and D the net weight', async () => {
    const { sim, ask } = wire((t) => new YaohuaCommandSimulator(t));
    sim.setGrams(1200);
    expect(await sim.control('tare')).toEqual({ ok: true, message: 'tare 1200 g' });
    sim.setGrams(5200);
    expect(toHex(await ask(fromHex('02 41 43 30 32 03')!))).toBe(
      toHex(encodeYaohuaReading('A', 'C', 1200, 2)),
    );
    expect(toHex(await ask(fromHex('02 41 44 30 35 03')!))).toBe(
      toHex(encodeYaohuaReading('A', 'D', 4000, 2)),
    );
  });

  it('ignores other addresses, bad checksums, and everything while silent', async () => {
    const { sim, ask } = wire((t) => new YaohuaCommandSimulator(t));
    expect((await ask(fromHex('02 42 42 30 30 03')!)).length).toBe(0);
    expect((await ask(fromHex('02 41 42 30 34 03')!)).length).toBe(0);
    sim.setSilent(true);
    expect((await ask(fromHex('02 41 41 30 30 03')!)).length).toBe(0);
    expect(sim.snapshot()).toMatchObject({ requests: 1, silent: true });
  });
});

describe('MT-SICS simulator', () => {
  it('S, SI and Z while at rest', async () => {
    const { sim, ask } = wire((t) => new SicsSimulator(t));
    sim.setGrams(12340);
    expect((await ask('S\r\n')).toString()).toBe('S S     12.340 kg\r\n');
    expect((await ask('SI\r\n')).toString()).toBe('S S     12.340 kg\r\n');
    expect((await ask('Z\r\n')).toString()).toBe('Z A\r\n');
    expect((await ask('S\r\n')).toString()).toBe('S S      0.000 kg\r\n');
  });

  it('in motion: S is busy, SI dynamic, Z refused; overload: S + and Z +', async () => {
    const { sim, ask } = wire((t) => new SicsSimulator(t));
    sim.setGrams(1000);
    sim.setMotion(true);
    expect((await ask('S\r\n')).toString()).toBe('S I\r\n');
    expect((await ask('SI\r\n')).toString()).toBe('S D      1.000 kg\r\n');
    expect((await ask('Z\r\n')).toString()).toBe('Z I\r\n');
    sim.setMotion(false);
    sim.setOverload(true);
    expect((await ask('S\r\n')).toString()).toBe('S +\r\n');
    expect((await ask('Z\r\n')).toString()).toBe('Z +\r\n');
  });

  it('unknown commands earn ES, garbled ones ET, and silence earns nothing', async () => {
    const { sim, ask } = wire((t) => new SicsSimulator(t));
    expect((await ask('T\r\n')).toString()).toBe('ES\r\n');
    expect((await ask('S\xff\r\n')).toString()).toBe('ET\r\n');
    sim.setSilent(true);
    expect((await ask('S\r\n')).length).toBe(0);
  });
});
