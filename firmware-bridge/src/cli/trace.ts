import { err, ok, type Result } from '@yaofang/shared/result';
import { fromHex, toHex } from '../codec.ts';

/**
 * A capture file ("byte trace"): JSON Lines, a header then one line per chunk
 * as it arrived:
 *   {"capture":1,"port":"/dev/ttyUSB0","baud":9600,"startedAt":"2025-…Z"}
 *   {"t":412,"dir":"rx","hex":"02 30 46 …"}
 * `t` is milliseconds since the capture started. Only `rx` exists today; a
 * reader skips other directions so a later `tx` does not break old readers.
 */
export interface TraceHeader {
  capture: 1;
  port: string;
  baud: number;
  startedAt: string;
}

export interface TraceChunk {
  t: number;
  bytes: Uint8Array;
}

export interface Trace {
  header: TraceHeader;
  chunks: TraceChunk[];
}

export function traceHeaderLine(header: TraceHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function traceChunkLine(t: number, bytes: Uint8Array): string {
  return `${JSON.stringify({ t, dir: 'rx', hex: toHex(bytes) })}\n`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseHeader(value: unknown): Result<TraceHeader, string> {
  if (!isRecord(value) || value.capture !== 1) {
    return err('the first line is not a capture header {"capture":1,…}');
  }
  const { port, baud, startedAt } = value;
  if (typeof port !== 'string' || typeof baud !== 'number' || typeof startedAt !== 'string') {
    return err('the capture header needs "port" (text), "baud" (number) and "startedAt" (ISO time)');
  }
  return ok({ capture: 1, port, baud, startedAt });
}

/** Parse a whole capture file; the error names the offending line. */
export function parseTrace(text: string): Result<Trace, string> {
  const lines = text.split('\n');
  let header: TraceHeader | null = null;
  const chunks: TraceChunk[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return err(`${where} is not JSON`);
    }
    if (header === null) {
      const parsed = parseHeader(value);
      if (!parsed.ok) return err(`${where}: ${parsed.error}`);
      header = parsed.value;
      continue;
    }
    if (!isRecord(value)) return err(`${where} is not a JSON object`);
    if (value.dir !== 'rx') continue;
    const { t, hex } = value;
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      return err(`${where}: "t" must be milliseconds since the start (a number ≥ 0)`);
    }
    const previous = chunks.at(-1);
    if (previous && t < previous.t) return err(`${where}: "t" goes backwards (${t} after ${previous.t})`);
    const bytes = typeof hex === 'string' ? fromHex(hex) : null;
    if (!bytes) return err(`${where}: "hex" is not hex bytes`);
    chunks.push({ t, bytes });
  }
  if (header === null) return err('the file is empty (no capture header)');
  return ok({ header, chunks });
}
