import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromHex } from '../codec.ts';
import { syntheticDeck } from '../idcard/index.ts';
import { encodeReadReply } from '../idcard/reply.ts';
import type { Command } from './args.ts';
import { createListCommand, type DeviceLister } from './list.ts';
import { COMMANDS, main } from './main.ts';
import { memoryIo } from './memory-io.ts';

const EM4100_FRAME = fromHex('02 30 46 30 30 33 30 43 32 41 34 35 39 03')!;

async function run(argv: string[], stdin: Array<Uint8Array | string> = [], commands?: readonly Command[]) {
  const io = memoryIo(stdin);
  const code = await main(argv, io, commands);
  return {
    code,
    out: io.out(),
    err: io.err(),
    get lines() {
      return io.jsonLines();
    },
  };
}

/** A failure is exactly one line on stderr, nothing on stdout, exit 2. */
async function usageError(argv: string[]): Promise<string> {
  const { code, out, err } = await run(argv);
  expect({ code, out }).toEqual({ code: 2, out: '' });
  expect(err).toMatch(/^[^\n]+\n$/);
  return err.trim();
}

describe('yaofang-bridge help', () => {
  it('--help lists the commands and every device kind with its formats', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of ['list', 'decode', 'sim', 'capture', 'replay'])
      expect(out).toContain(`  ${command} `);
    expect(out).toContain('scale-xk3190');
    expect(out).toContain('[tf0|tf1|tf2|a12|cmd]');
  });

  it('no command prints the usage on stderr and exits 2', async () => {
    const { code, out, err } = await run([]);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toContain('Usage: yaofang-bridge COMMAND');
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage and exits 0', async (name) => {
    const { code, out, err } = await run([name, '--help']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(new RegExp(`^Usage: yaofang-bridge ${name}`));
  });

  it('an unknown command names the known ones', async () => {
    expect(await usageError(['decoed'])).toBe(
      'yaofang-bridge: unknown command "decoed"; known: list, decode, sim, capture, replay',
    );
  });
});

describe('yaofang-bridge decode', () => {
  it('reads raw bytes from stdin, decoding frames split across chunks', async () => {
    const { code, lines } = await run(
      ['decode', '--device', 'rfid-em4100', '-'],
      [EM4100_FRAME.subarray(0, 5), EM4100_FRAME.subarray(5), Buffer.concat([EM4100_FRAME, EM4100_FRAME])],
    );
    expect(code).toBe(0);
    expect(lines).toEqual([1, 2, 3].map(() => ({ type: 'card', uid: '0F0030C2A4' })));
  });

  it('reads a 1295-byte ID card read reply from stdin in small chunks', async () => {
    const reply = encodeReadReply(syntheticDeck()[0]!.identity);
    const chunks = Array.from({ length: Math.ceil(reply.length / 64) }, (_, i) =>
      reply.subarray(i * 64, i * 64 + 64),
    );
    const { lines } = await run(['decode', '--device', 'idcard-ga467', '-'], chunks);
    expect(lines).toEqual([expect.objectContaining({ type: 'idcard.read', idNumberValid: true })]);
  });

  it('garbage on stdin: an error line, then the frame', async () => {
    const { lines } = await run(
      ['decode', '--device', 'rfid-em4100', '-'],
      [Buffer.from([0xff, 0x00]), EM4100_FRAME],
    );
    expect(lines).toEqual([
      { type: 'error', reason: expect.any(String) as unknown, bytes: 'FF 00' },
      { type: 'card', uid: '0F0030C2A4' },
    ]);
  });

  it('empty stdin prints nothing', async () => {
    expect(await run(['decode', '--device', 'rfid-em4100', '-'])).toMatchObject({
      code: 0,
      out: '',
      err: '',
    });
  });

  it('accepts hex without spaces or with colons', async () => {
    expect(
      (await run(['decode', '--device', 'rfid-em4100', '--hex', '02304630303330433241343539 03'])).lines,
    ).toEqual([{ type: 'card', uid: '0F0030C2A4' }]);
    expect((await run(['decode', '-d', 'modbus', '--hex', '01:83:02:C0:F1'])).lines).toHaveLength(1);
  });

  it('invalid hex names the bad characters', async () => {
    expect(await usageError(['decode', '--device', 'rfid-em4100', '--hex', '02 3G 4Z 0x'])).toBe(
      'yaofang-bridge decode: --hex has characters that are not hex digits: "G" "Z" "x"',
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100', '--hex', '02 3'])).toBe(
      'yaofang-bridge decode: --hex has an odd number of hex digits (3); each byte needs two',
    );
  });

  it('argument errors are one line each', async () => {
    expect(await usageError(['decode', '--hex', '02'])).toBe(
      'yaofang-bridge decode: --device KIND is required',
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100'])).toBe(
      'yaofang-bridge decode: give exactly one input: --hex TEXT, or - to read bytes from stdin',
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100', '--hex', '02', '-'])).toMatch(
      /exactly one input/,
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100', 'frame.bin'])).toMatch(
      /unexpected argument "frame.bin"/,
    );
    expect(await usageError(['decode', '--device', 'em4100', '--hex', '02'])).toMatch(
      /^yaofang-bridge decode: unknown device kind "em4100"; known: idcard-ga467, rfid-em4100, /,
    );
    expect(await usageError(['decode', '--device', 'scale-xk3190', '--format', 'tf3', '--hex', '02'])).toBe(
      'yaofang-bridge decode: unknown format "tf3" for scale-xk3190; known: tf0, tf1, tf2, a12, cmd',
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100', '--format', 'hex', '--hex', '02'])).toBe(
      'yaofang-bridge decode: rfid-em4100 has a single wire format; drop --format hex',
    );
    expect(await usageError(['decode', '--device', 'rfid-em4100', '--hx', '02'])).toMatch(
      /^yaofang-bridge decode: Unknown option '--hx'/,
    );
    expect(await usageError(['decode', '--device'])).toMatch(
      /^yaofang-bridge decode: Option '-d, --device <value>'/,
    );
  });
});

describe('yaofang-bridge sim / capture / replay argument errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yaofang-cli-args-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sim', async () => {
    expect(await usageError(['sim', '--device', 'rfid-em4100'])).toBe(
      'yaofang-bridge sim: --link PATH is required',
    );
    expect(await usageError(['sim', '--device', 'escpos-status', '--link', join(dir, 'p')])).toMatch(
      /^yaofang-bridge sim: escpos-status has no simulator; kinds with one: idcard-ga467, rfid-em4100, /,
    );
    expect(
      await usageError([
        'sim',
        '--device',
        'rfid-em4100',
        '--link',
        join(dir, 'p'),
        '--control-port',
        '70000',
      ]),
    ).toBe('yaofang-bridge sim: --control-port must be an integer ≥ 0 and ≤ 65535, got "70000"');
    expect(await usageError(['sim', '--device', 'rfid-em4100', '--link', join(dir, 'no', 'p')])).toMatch(
      /directory .*\/no does not exist$/,
    );
    writeFileSync(join(dir, 'file'), '');
    expect(await usageError(['sim', '--device', 'rfid-em4100', '--link', join(dir, 'file')])).toMatch(
      /exists and is not a symlink; choose another path$/,
    );
  });

  it('capture', async () => {
    expect(await usageError(['capture', '--out', join(dir, 'c.jsonl')])).toBe(
      'yaofang-bridge capture: --port PATH is required',
    );
    expect(await usageError(['capture', '--port', '/dev/ttyUSB0'])).toBe(
      'yaofang-bridge capture: --out FILE is required',
    );
    expect(await usageError(['capture', '--port', '/dev/ttyUSB0', '--out', 'c', '--baud', 'fast'])).toBe(
      'yaofang-bridge capture: --baud must be an integer ≥ 1, got "fast"',
    );
    expect(await usageError(['capture', '--port', '/dev/ttyUSB0', '--out', 'c', '--duration', '0'])).toBe(
      'yaofang-bridge capture: --duration must be a number > 0, got "0"',
    );
    expect(
      await usageError(['capture', '--port', '/dev/ttyUSB0', '--out', join(dir, 'no', 'c.jsonl')]),
    ).toMatch(/^yaofang-bridge capture: cannot write --out .*ENOENT/);
  });

  it('capture of a port that does not exist fails at once with exit 1', async () => {
    const { code, err } = await run([
      'capture',
      '--port',
      join(dir, 'ttyNone'),
      '--out',
      join(dir, 'c.jsonl'),
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/^yaofang-bridge capture: cannot open .*ttyNone.*\n$/);
  });

  it('replay', async () => {
    const trace = join(dir, 't.jsonl');
    writeFileSync(
      trace,
      '{"capture":1,"port":"/dev/ttyUSB0","baud":9600,"startedAt":"2025-01-01T00:00:00.000Z"}\n',
    );
    expect(await usageError(['replay', '--link', join(dir, 'r')])).toBe(
      'yaofang-bridge replay: give exactly one trace FILE to replay',
    );
    expect(await usageError(['replay', trace])).toBe('yaofang-bridge replay: --link PATH is required');
    expect(await usageError(['replay', trace, '--link', join(dir, 'r'), '--speed', '0'])).toBe(
      'yaofang-bridge replay: --speed must be a number > 0, got "0"',
    );
    expect(await usageError(['replay', join(dir, 'missing.jsonl'), '--link', join(dir, 'r')])).toMatch(
      /^yaofang-bridge replay: cannot read .*missing.jsonl: ENOENT/,
    );
    expect(await usageError(['replay', trace, '--link', join(dir, 'r')])).toBe(
      `yaofang-bridge replay: ${trace} holds no received bytes to replay`,
    );
    writeFileSync(trace, 'hello\n');
    expect(await usageError(['replay', trace, '--link', join(dir, 'r')])).toBe(
      `yaofang-bridge replay: ${trace}: line 1 is not JSON`,
    );
  });
});

describe('yaofang-bridge list', () => {
  const lister: DeviceLister = {
    serialPorts: () =>
      Promise.resolve([
        { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', manufacturer: 'QinHeng' },
        { path: '/dev/ttyS0' },
      ]),
    hidDevices: () =>
      Promise.resolve([
        {
          path: '/dev/hidraw0',
          vendorId: 0xffff,
          productId: 0x0035,
          product: 'RFID Reader',
          manufacturer: null,
          serialNumber: null,
          usagePage: 1,
          usage: 6,
          interface: 0,
          keyboard: true,
        },
      ]),
  };
  const commands = (l: DeviceLister) => [createListCommand(l)];

  it('prints a table of serial ports and HID devices', async () => {
    const { code, out } = await run(['list'], [], commands(lister));
    expect(code).toBe(0);
    expect(out).toBe(
      [
        'Serial ports',
        'PATH          VID:PID    MANUFACTURER  SERIAL',
        '/dev/ttyUSB0  1a86:7523  QinHeng       -',
        '/dev/ttyS0    -          -             -',
        '',
        'HID devices',
        'PATH          VID:PID    PRODUCT      MANUFACTURER  USAGE',
        '/dev/hidraw0  ffff:0035  RFID Reader  -             keyboard',
        '',
      ].join('\n'),
    );
  });

  it('--json prints one object; a source that fails is reported, not fatal', async () => {
    const broken: DeviceLister = {
      ...lister,
      hidDevices: () => Promise.reject(new Error('no hidraw access')),
    };
    const { code, lines } = await run(['list', '--json'], [], commands(broken));
    expect(code).toBe(0);
    expect(lines).toEqual([
      {
        serial: [
          { path: '/dev/ttyUSB0', vendorId: '1a86', productId: '7523', manufacturer: 'QinHeng' },
          { path: '/dev/ttyS0' },
        ],
        hid: [],
        errors: ['cannot list HID devices: no hidraw access'],
      },
    ]);
    const table = await run(['list'], [], commands(broken));
    expect(table.out).toContain('HID devices\n  (none)');
    expect(table.err).toBe('warning: cannot list HID devices: no hidraw access\n');
  });

  it('rejects arguments it does not know', async () => {
    const { code, err } = await run(['list', '--all'], [], commands(lister));
    expect(code).toBe(2);
    expect(err).toMatch(/^yaofang-bridge list: Unknown option '--all'/);
  });
});
