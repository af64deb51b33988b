import type { Prng } from './prng.ts';

export interface HostilePayload {
  label: string;
  payload: Buffer;
}

const MIB = 1024 * 1024;
const NESTING = 100_000;

/**
 * What arrives on a topic when a broker is shared with something broken or
 * malicious: payloads that are not JSON, too big, the wrong JSON type,
 * nested beyond any stack, or plain noise. The same list goes to every
 * inbound topic; each topic adds its own well-formed-but-wrong messages.
 */
export function garbagePayloads(random: Prng): HostilePayload[] {
  const text = (label: string, value: string) => ({ label, payload: Buffer.from(value, 'utf8') });
  return [
    text('malformed JSON', '{"v":1,"station":'),
    text('empty payload', ''),
    text('oversized JSON (2 MiB)', JSON.stringify({ v: 1, pad: 'x'.repeat(2 * MIB) })),
    { label: 'oversized binary (2 MiB)', payload: Buffer.from(random.bytes(2 * MIB)) },
    text('wrong type: array', '[1,2,3]'),
    text('wrong type: number', '42'),
    text('wrong type: string', '"hello"'),
    text('wrong type: null', 'null'),
    text('deeply nested arrays', `${'['.repeat(NESTING)}${']'.repeat(NESTING)}`),
    text('deeply nested objects', `${'{"a":'.repeat(NESTING)}1${'}'.repeat(NESTING)}`),
    text(
      'prototype pollution attempt',
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
    ),
    { label: 'binary garbage (4 KiB)', payload: Buffer.from(random.bytes(4096)) },
    {
      label: 'invalid UTF-8 inside JSON',
      payload: Buffer.concat([
        Buffer.from('{"v":1,"station":"'),
        Buffer.from([0xff, 0xfe, 0xc0]),
        Buffer.from('"}'),
      ]),
    },
  ];
}

export function isJson(payload: Buffer): boolean {
  try {
    JSON.parse(payload.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
