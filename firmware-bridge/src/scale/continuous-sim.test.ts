import { afterEach, describe, expect, it } from 'vitest';
import { textMatching } from './test-kit.ts';
import { toHex } from '../codec.ts';
import { createMemoryLink } from '../transport/memory.ts';
import { ContinuousScaleSimulator } from './continuous-sim.ts';
import { continuousFormats, type ContinuousFormatName } from './formats.ts';
import { GARBAGE } from './sim-model.ts';

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function simulator(format: ContinuousFormatName, options: { decimals?: number; intervalMs?: number } = {}) {
  const link = createMemoryLink(format);
  const sim = new ContinuousScaleSimulator(link.device, format, options);
  stops.push(
    () => sim.stop(),
    () => link.host.stop(),
  );
  return { link, sim };
}

const ascii = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('continuous scale simulator emits the spec frames byte for byte', () => {
  it('tf0: 15.60 kg and zero', () => {
    const { sim } = simulator('tf0');
    sim.setGrams(15600);
    expect(toHex(sim.nextFrame())).toBe('02 2B 30 30 31 35 36 30 32 31 42 03');
    const zero = simulator('tf0', { decimals: 0 }).sim;
    expect(toHex(zero.nextFrame())).toBe('02 2B 30 30 30 30 30 30 30 31 42 03');
  });

  it('tf1: 3.000 and −1.00; tf2: 3.000', async () => {
    const { sim } = simulator('tf1');
    expect((await sim.control('weight 3.000')).ok).toBe(true);
    expect(ascii(sim.nextFrame())).toBe('=000.3000');
    const negative = simulator('tf1', { decimals: 2 }).sim;
    negative.setGrams(-1000);
    expect(ascii(negative.nextFrame())).toBe('=00.1000-');
    const tf2 = simulator('tf2').sim;
    tf2.setGrams(3000);
    expect(ascii(tf2.nextFrame())).toBe('=0003.000');
  });

  it('a12: 4.139 kg gross, and the overload frame', () => {
    const { sim } = simulator('a12');
    sim.setGrams(4139);
    expect(toHex(sim.nextFrame())).toBe('57 47 30 30 34 2E 31 33 39 6B 67 33 44 0D 0A');
    sim.setOverload(true);
    expect(ascii(sim.nextFrame())).toBe('         OL23\r\n');
  });

  it('Toledo: 12.34 kg stable, then the same in motion (SWB 38, CHK 23)', () => {
    const { sim } = simulator('toledo');
    sim.setGrams(12340);
    expect(toHex(sim.nextFrame())).toBe('02 2C 30 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 2B');
    sim.setMotion(true);
    expect(toHex(sim.nextFrame())).toBe('02 2C 38 20 30 30 31 32 33 34 30 30 30 30 30 30 0D 23');
  });

  it('A&D: ST,GS,+0012.34kg', async () => {
    const { sim } = simulator('and');
    await sim.control('grams 12340');
    expect(toHex(sim.nextFrame())).toBe('53 54 2C 47 53 2C 2B 30 30 31 32 2E 33 34 6B 67 0D 0A');
  });
});

describe('continuous scale simulator behaviour', () => {
  it('in motion the reading changes every frame and never repeats twice in a row', () => {
    const { sim } = simulator('tf0');
    const decoder = continuousFormats.tf0.createDecoder();
    sim.setGrams(5000);
    sim.setMotion(true);
    const grams = Array.from({ length: 12 }, () => decoder.push(sim.nextFrame())[0]).map((m) =>
      m?.type === 'weight' ? m.grams : NaN,
    );
    for (let i = 1; i < grams.length; i++) expect(grams[i]).not.toBe(grams[i - 1]);
    expect(Math.max(...grams) - Math.min(...grams)).toBeLessThanOrEqual(90);
  });

  it('text controls: weight in kg, grams, on|off switches; errors list the commands', async () => {
    const { sim } = simulator('toledo');
    expect(await sim.control('weight 1.25')).toEqual({ ok: true, message: 'load 1250 g' });
    expect(sim.snapshot()).toMatchObject({ grams: 1250, format: 'toledo' });
    expect(await sim.control('grams 2000')).toMatchObject({ ok: true });
    expect(await sim.control('motion on')).toMatchObject({ ok: true });
    expect(await sim.control('overload on')).toMatchObject({ ok: true });
    expect(sim.snapshot()).toMatchObject({ grams: 2000, motion: true, overload: true });
    expect(await sim.control('motion sideways')).toMatchObject({ ok: false });
    const unknown = await sim.control('paper-out on');
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.error).toMatch(/weight <kg>.*grams <g>/);
  });

  it('refuses overload on formats that cannot signal it, and weights the display cannot show', async () => {
    const { sim } = simulator('tf0');
    expect(await sim.control('overload on')).toMatchObject({
      ok: false,
      error: textMatching(/overload/),
    });
    expect(await sim.control('weight 99999.99')).toMatchObject({ ok: false });
    expect(() => sim.setGrams(1.5)).toThrow(RangeError);
  });

  it('streams frames at its interval, stops while silent, and injects garbage', async () => {
    const { link, sim } = simulator('tf0', { intervalMs: 5 });
    const received: Buffer[] = [];
    link.host.onData((chunk) => received.push(chunk));
    link.host.start();
    sim.setGrams(15600);
    sim.start();
    await until(() => received.length >= 3);
    expect(toHex(received[0]!)).toBe('02 2B 30 30 31 35 36 30 32 31 42 03');
    sim.setSilent(true);
    await new Promise((r) => setTimeout(r, 20));
    const before = received.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(received.length).toBe(before);
    await sim.injectGarbage();
    await until(() => received.length > before);
    expect(toHex(received.at(-1)!)).toBe(toHex(GARBAGE));
  });
});

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
