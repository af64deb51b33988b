import type { DecodeError, JsonMessage, StreamDecoder } from '@yaofang/firmware-bridge';
import { Prng } from './prng.ts';

type Output = JsonMessage | DecodeError;

export interface FuzzStats {
  inputs: number;
  bytes: number;
  messages: number;
  errors: number;
  elapsedMs: number;
  /** The first output that broke the decode contract, or a throw; null when none did. */
  violation: string | null;
}

/**
 * Feeds `inputs` chunks to a decoder: random bytes of random length (some
 * drawn from the bytes its own frames use, to hit frame starts and ends),
 * interleaved with golden frames mutated by bit flips, truncation,
 * duplication and splicing, sometimes split across chunks. Every output is
 * checked against the decode contract (a plain JSON object with a `type`;
 * errors with a reason and the skipped bytes). Stops at the first violation.
 */
export function fuzzDecoder(
  decoder: StreamDecoder<JsonMessage>,
  golden: readonly Uint8Array[],
  inputs: number,
  seed: number,
): FuzzStats {
  const random = new Prng(seed);
  const dictionary = [...new Set(golden.flatMap((frame) => [...frame]))];
  const stats: FuzzStats = { inputs: 0, bytes: 0, messages: 0, errors: 0, elapsedMs: 0, violation: null };
  const started = performance.now();
  const feed = (chunk: Uint8Array): boolean => {
    stats.inputs++;
    stats.bytes += chunk.length;
    let out: Output[];
    try {
      out = decoder.push(chunk);
    } catch (error) {
      stats.violation = `push threw on input ${stats.inputs} (${hexOf(chunk)}): ${(error as Error).stack ?? String(error)}`;
      return false;
    }
    const problem = checkOutputs(out);
    if (problem) {
      stats.violation = `input ${stats.inputs} (${hexOf(chunk)}): ${problem}`;
      return false;
    }
    for (const message of out) {
      if (message.type === 'error') stats.errors++;
      else stats.messages++;
    }
    return true;
  };

  while (stats.inputs < inputs) {
    if (random.chance(0.7)) {
      if (!feed(randomChunk(random, dictionary))) break;
      continue;
    }
    const mutated = mutate(random, golden);
    // Split a mutated frame across up to three chunks: frames cross read boundaries on a real port.
    const cuts = random.int(3);
    const points = Array.from({ length: cuts }, () => random.int(mutated.length + 1)).sort((a, b) => a - b);
    let from = 0;
    let ok = true;
    for (const point of [...points, mutated.length]) {
      if (stats.inputs >= inputs) break;
      ok = feed(mutated.subarray(from, point));
      if (!ok) break;
      from = point;
    }
    if (!ok) break;
  }
  stats.elapsedMs = performance.now() - started;
  return stats;
}

export interface ResyncResult {
  /** The messages a fresh decoder makes of the frame. */
  expected: JsonMessage[];
  /** True once a push of the frame gave exactly those messages at the end of its output. */
  decoded: boolean;
  /** How many times the frame was pushed, and how many bytes that took. */
  pushes: number;
  bytes: number;
}

/**
 * After a fuzz, pushes a valid frame again and again until it decodes as a
 * fresh decoder would decode it, up to `budgetBytes`: a decoder whose buffer
 * were unbounded (waiting forever for a frame a garbage header announced)
 * would never get there.
 */
export function resyncWith(
  decoder: StreamDecoder<JsonMessage>,
  fresh: StreamDecoder<JsonMessage>,
  frame: Uint8Array,
  budgetBytes: number,
): ResyncResult {
  const expected = fresh.push(frame).filter((message) => message.type !== 'error');
  const want = JSON.stringify(expected);
  let pushes = 0;
  let bytes = 0;
  while (bytes + frame.length <= budgetBytes) {
    pushes++;
    bytes += frame.length;
    const out = decoder.push(frame);
    if (out.length >= expected.length && JSON.stringify(out.slice(out.length - expected.length)) === want)
      return { expected, decoded: true, pushes, bytes };
  }
  return { expected, decoded: false, pushes, bytes };
}

function randomChunk(random: Prng, dictionary: readonly number[]): Uint8Array {
  const roll = random.next();
  const length = roll < 0.7 ? random.int(17) : roll < 0.95 ? 17 + random.int(112) : 129 + random.int(896);
  if (random.chance(0.5)) return random.bytes(length);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = random.chance(0.8) ? random.pick(dictionary) : random.int(256);
  return out;
}

function mutate(random: Prng, golden: readonly Uint8Array[]): Uint8Array {
  const frame = random.pick(golden);
  switch (random.int(6)) {
    case 0: {
      // Bit flips: a noisy line.
      const out = Uint8Array.from(frame);
      for (let n = 1 + random.int(3); n > 0; n--) {
        const at = random.int(out.length);
        out[at] = out[at]! ^ (1 << random.int(8));
      }
      return out;
    }
    case 1:
      // Truncated: the cable was pulled mid-frame.
      return frame.subarray(0, random.int(frame.length));
    case 2:
      // Only the tail: we opened the port mid-frame.
      return frame.subarray(1 + random.int(frame.length));
    case 3: {
      // Duplicated, whole or a slice of it.
      const at = random.int(frame.length);
      const slice = frame.subarray(at, at + 1 + random.int(frame.length - at));
      return random.chance(0.5)
        ? concat(frame, frame)
        : concat(frame.subarray(0, at), slice, frame.subarray(at));
    }
    case 4: {
      // Spliced: the head of one frame, the tail of another.
      const other = random.pick(golden);
      return concat(
        frame.subarray(0, random.int(frame.length + 1)),
        other.subarray(random.int(other.length + 1)),
      );
    }
    default:
      // The frame as it is: valid frames keep the decoder's state machine busy between the garbage.
      return frame;
  }
}

function checkOutputs(out: unknown): string | null {
  if (!Array.isArray(out)) return `push returned ${typeof out}, not an array`;
  for (const message of out as unknown[]) {
    if (typeof message !== 'object' || message === null) return `output ${String(message)} is not an object`;
    const { type } = message as { type?: unknown };
    if (typeof type !== 'string' || type === '') return `output without a type: ${safeJson(message)}`;
    if (type === 'error') {
      const { reason, bytes } = message as { reason?: unknown; bytes?: unknown };
      if (typeof reason !== 'string' || reason === '') return `error without a reason: ${safeJson(message)}`;
      if (typeof bytes !== 'string') return `error without its bytes: ${safeJson(message)}`;
      continue;
    }
    // The decode contract prints each message as one JSON line.
    let json: string;
    try {
      json = JSON.stringify(message);
    } catch (error) {
      return `message is not JSON-serialisable: ${(error as Error).message}`;
    }
    if (!json.startsWith('{')) return `message is not a JSON object: ${json}`;
  }
  return null;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function hexOf(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('hex');
  return bytes.length > 64 ? `${head}… (${bytes.length} bytes)` : head || '(empty)';
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
