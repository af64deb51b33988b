import { afterAll, describe, expect, it } from 'vitest';
import { DEVICE_KINDS } from '@yaofang/firmware-bridge/registry';
import { fuzzDecoder, resyncWith, type FuzzStats } from './helpers/decoder-fuzz.ts';
import { goldenFrames } from './helpers/golden-frames.ts';
import { seedFrom } from './helpers/prng.ts';

/**
 * Every codec of every device kind and wire format in the registry takes a
 * million hostile chunks without throwing, keeps to the decode contract, and
 * still decodes a valid frame afterwards (its buffering stayed bounded and it
 * resynchronised). Counts: YF_FUZZ_INPUTS (default 1,000,000), seed: YF_FUZZ_SEED.
 */
const INPUTS = Number(process.env.YF_FUZZ_INPUTS ?? 1_000_000);
const SEED = seedFrom('YF_FUZZ_SEED');
/** More than the largest frame any codec may hold (an ESC/POS command: 5 + 65,535 bytes). */
const RESYNC_BUDGET_BYTES = 128 * 1024;

/**
 * KNOWN BUG (reported): the keyboard-wedge codec can stay misaligned for good.
 * It realigns by skipping one byte at a time, but a key-down report
 * `00 00 KK 00 00 00 00 00` read two bytes late is `KK 00 00 00 00 00 | 00 00`,
 * a plausible report with KK as the modifier byte and no key, so every later
 * report is plausible too and every card is dropped without an error. Six
 * stray bytes, or one whole report with a non-zero reserved byte, are enough
 * (see the repro below). Until it is fixed, its resync is reported, not asserted.
 */
const KNOWN_RESYNC_BUGS = new Set(['rfid-wedge']);

const CASES = DEVICE_KINDS.flatMap((kind) =>
  (kind.formats.length > 0 ? kind.formats : [undefined]).map((format) => ({
    name: format ? `${kind.kind} --format ${format}` : kind.kind,
    kind,
    format,
  })),
);

const report: Array<{
  name: string;
  stats: FuzzStats;
  resynced: boolean;
  resyncPushes: number;
  resyncBytes: number;
}> = [];

describe(`codec fuzz: ${INPUTS} inputs per device kind and format (seed ${SEED})`, () => {
  afterAll(() => {
    // Throughput is printed for the record, never asserted: this machine is shared.
    const lines = report.map(({ name, stats, resynced, resyncPushes, resyncBytes }) => {
      const seconds = stats.elapsedMs / 1000;
      const rate = Math.round(stats.inputs / seconds);
      const resync = resynced ? `resynced after ${resyncPushes} frame(s), ${resyncBytes} B` : 'NOT resynced';
      return `${name.padEnd(34)} ${stats.inputs} inputs, ${(stats.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s (${rate} inputs/s); ${stats.messages} messages, ${stats.errors} errors; ${resync}`;
    });
    console.log(`codec fuzz, seed ${SEED}:\n${lines.join('\n')}`);
  });

  it('covers every kind in the registry, with golden frames for each format', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(DEVICE_KINDS.length);
    for (const { kind, format } of CASES) expect(goldenFrames(kind.kind, format).length).toBeGreaterThan(0);
  });

  it.each(CASES.map((c, index) => ({ ...c, index })))(
    '$name: no throw, contract kept, a valid frame decodes afterwards',
    ({ name, kind, format, index }) => {
      const golden = goldenFrames(kind.kind, format);
      const decoder = kind.createJsonDecoder(format);
      const seed = (SEED + index * 7919) | 0;
      const stats = fuzzDecoder(decoder, golden, INPUTS, seed);
      expect(stats.violation, `${name}, seed ${seed}`).toBeNull();
      expect(stats.inputs).toBe(INPUTS);

      const resync = resyncWith(decoder, kind.createJsonDecoder(format), golden[0]!, RESYNC_BUDGET_BYTES);
      report.push({
        name,
        stats,
        resynced: resync.decoded,
        resyncPushes: resync.pushes,
        resyncBytes: resync.bytes,
      });
      expect(resync.expected.length, `${name}: the golden frame itself decodes`).toBeGreaterThan(0);
      if (KNOWN_RESYNC_BUGS.has(kind.kind) && !resync.decoded) {
        console.warn(`${name}, seed ${seed}: KNOWN BUG, the decoder did not resynchronise after the fuzz`);
        return;
      }
      expect(
        resync.decoded,
        `${name}, seed ${seed}: after the fuzz a valid frame did not decode within ${RESYNC_BUDGET_BYTES} bytes`,
      ).toBe(true);
    },
    // A hang guard scaled to the count, not a performance limit.
    Math.max(120_000, INPUTS * 2),
  );

  it.fails.each(['decimal', 'hex'] as const)(
    'rfid-wedge --format %s (KNOWN BUG): after six stray bytes the next card still decodes',
    (format) => {
      const kind = DEVICE_KINDS.find((k) => k.kind === 'rfid-wedge')!;
      const decoder = kind.createJsonDecoder(format);
      const frame = goldenFrames('rfid-wedge', format)[0]!;
      decoder.push(new Uint8Array(6));
      const out = [1, 2, 3].flatMap(() => decoder.push(frame));
      expect(out.filter((message) => message.type === 'card')).not.toEqual([]);
    },
  );
});
