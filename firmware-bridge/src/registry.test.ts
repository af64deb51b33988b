import { describe, expect, it } from 'vitest';
import { createMemoryLink } from './transport/memory.ts';
import { DEVICE_KINDS, findKind, resolveFormat, resolveKind } from './registry.ts';

const ALL_KINDS = [
  'idcard-ga467',
  'rfid-em4100',
  'rfid-wedge',
  'rfid-wiegand',
  'scale-xk3190',
  'scale-toledo',
  'scale-sics',
  'scale-and',
  'escpos-status',
  'escpos-printer',
  'modbus',
  'bin-controller',
];

const kind = (name: string) => {
  const found = findKind(name);
  if (!found.ok) throw new Error(found.error.message);
  return found.value;
};

describe('device kind registry', () => {
  it('lists every device kind once', () => {
    expect(DEVICE_KINDS.map((k) => k.kind)).toEqual(ALL_KINDS);
  });

  it('finds a kind by its --device name', () => {
    expect(findKind('rfid-em4100')).toMatchObject({ ok: true, value: { kind: 'rfid-em4100' } });
    expect(findKind('scale-xk3190')).toMatchObject({ ok: true, value: { defaultFormat: 'tf0' } });
  });

  it('an unknown kind is an error value that lists the known kinds', () => {
    const result = findKind('rfid-em4200');
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unknown-kind',
        message: `unknown device kind "rfid-em4200"; known: ${ALL_KINDS.join(', ')}`,
      },
    });
  });

  it('searches the list it is given', () => {
    expect(findKind('rfid-em4100', [kind('modbus')])).toMatchObject({
      ok: false,
      error: { message: 'unknown device kind "rfid-em4100"; known: modbus' },
    });
  });

  it('no --format means the kind default (or none for a single-format kind)', () => {
    expect(resolveFormat(kind('scale-xk3190'), undefined)).toEqual({ ok: true, value: 'tf0' });
    expect(resolveFormat(kind('rfid-wiegand'), undefined)).toEqual({ ok: true, value: 'hex6' });
    expect(resolveFormat(kind('rfid-em4100'), undefined)).toEqual({ ok: true, value: undefined });
  });

  it('accepts each of a kind’s formats', () => {
    for (const format of ['tf0', 'tf1', 'tf2', 'a12', 'cmd']) {
      expect(resolveFormat(kind('scale-xk3190'), format)).toEqual({ ok: true, value: format });
    }
  });

  it('an unknown format is an error that lists the kind’s formats', () => {
    expect(resolveFormat(kind('scale-xk3190'), 'tf3')).toEqual({
      ok: false,
      error: {
        code: 'unknown-format',
        message: 'unknown format "tf3" for scale-xk3190; known: tf0, tf1, tf2, a12, cmd',
      },
    });
    expect(resolveFormat(kind('escpos-status'), 'n5')).toMatchObject({
      ok: false,
      error: { message: 'unknown format "n5" for escpos-status; known: n1, n2, n3, n4' },
    });
  });

  it('a --format for a kind with a single wire format is an error', () => {
    expect(resolveFormat(kind('scale-toledo'), 'tf0')).toEqual({
      ok: false,
      error: { code: 'no-formats', message: 'scale-toledo has a single wire format; drop --format tf0' },
    });
  });

  it('resolveKind checks the kind, then the format', () => {
    expect(resolveKind('rfid-wedge', 'hex')).toMatchObject({ ok: true, value: { format: 'hex' } });
    expect(resolveKind('nope', 'hex')).toMatchObject({ ok: false, error: { code: 'unknown-kind' } });
    expect(resolveKind('rfid-wedge', 'octal')).toMatchObject({
      ok: false,
      error: { code: 'unknown-format' },
    });
  });

  it('every kind builds a decoder for each of its formats, and its default is one of them', () => {
    for (const k of DEVICE_KINDS) {
      if (k.defaultFormat !== undefined) expect(k.formats).toContain(k.defaultFormat);
      for (const format of k.formats.length > 0 ? k.formats : [undefined]) {
        expect(k.createJsonDecoder(format).push(new Uint8Array())).toEqual([]);
      }
    }
  });

  it('every kind with a simulator builds one for each of its formats', async () => {
    for (const k of DEVICE_KINDS.filter((d) => d.createSimulator !== undefined)) {
      for (const format of k.formats.length > 0 ? k.formats : [undefined]) {
        const link = createMemoryLink(k.kind);
        const simulator = k.createSimulator!(link.device, format);
        simulator.start();
        expect(typeof simulator.snapshot()).toBe('object');
        await simulator.stop();
      }
    }
  });
});
