import { describe, expect, it } from 'vitest';
import { parseTrace, traceChunkLine, traceHeaderLine, type TraceHeader } from './trace.ts';

const HEADER: TraceHeader = {
  capture: 1,
  port: '/dev/ttyUSB0',
  baud: 9600,
  startedAt: '2025-05-01T08:00:00.000Z',
};

describe('capture trace files', () => {
  it('round-trips a header and rx chunks', () => {
    const text =
      traceHeaderLine(HEADER) +
      traceChunkLine(0, Uint8Array.from([2, 0x30])) +
      traceChunkLine(412, Uint8Array.from([3]));
    expect(text.split('\n')[1]).toBe('{"t":0,"dir":"rx","hex":"02 30"}');
    expect(parseTrace(text)).toEqual({
      ok: true,
      value: {
        header: HEADER,
        chunks: [
          { t: 0, bytes: Uint8Array.from([2, 0x30]) },
          { t: 412, bytes: Uint8Array.from([3]) },
        ],
      },
    });
  });

  it('skips blank lines and directions it does not replay', () => {
    const text = `${traceHeaderLine(HEADER)}\n{"t":5,"dir":"tx","hex":"10 04 01"}\n${traceChunkLine(9, Uint8Array.from([0x12]))}`;
    expect(parseTrace(text)).toMatchObject({ ok: true, value: { chunks: [{ t: 9 }] } });
  });

  it.each([
    ['', 'the file is empty (no capture header)'],
    ['{"t":0,"dir":"rx","hex":"02"}\n', 'line 1: the first line is not a capture header {"capture":1,…}'],
    [
      '{"capture":1,"port":"/dev/ttyUSB0"}\n',
      'line 1: the capture header needs "port" (text), "baud" (number) and "startedAt" (ISO time)',
    ],
    [`${traceHeaderLine(HEADER)}{"t":0,"dir":"rx","hex":"0G"}\n`, 'line 2: "hex" is not hex bytes'],
    [
      `${traceHeaderLine(HEADER)}{"dir":"rx","hex":"02"}\n`,
      'line 2: "t" must be milliseconds since the start (a number ≥ 0)',
    ],
    [
      `${traceHeaderLine(HEADER)}{"t":9,"dir":"rx","hex":"02"}\n{"t":3,"dir":"rx","hex":"03"}\n`,
      'line 3: "t" goes backwards (3 after 9)',
    ],
    [`${traceHeaderLine(HEADER)}[1]\n`, 'line 2 is not a JSON object'],
    [`${traceHeaderLine(HEADER)}{"t":1,"dir":"rx","hex":"02"\n`, 'line 2 is not JSON'],
  ])('rejects a broken file, naming the line (%#)', (text, error) => {
    expect(parseTrace(text)).toEqual({ ok: false, error });
  });
});
