import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { em4100Kind, SerialTransport, type JsonMessage } from '@yaofang/firmware-bridge';
import { waitFor } from '../harness/free-port.ts';
import { ManagedProcess } from '../harness/process.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(REPO_ROOT, 'firmware-bridge/bin/yaofang-bridge.mjs');
const EM4100_HEX = '02 30 46 30 30 33 30 43 32 41 34 35 39 03';

/** Processes, stdin pipes and ports a test opened; afterEach closes them all, pass or fail. */
let processes: ManagedProcess[] = [];
let stdinFds: number[] = [];
let transports: SerialTransport[] = [];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'yf-bridge-cli-'));
});

afterEach(async () => {
  for (const fd of stdinFds) closeSync(fd);
  await Promise.all(transports.map((t) => t.stop()));
  await Promise.all(processes.map((p) => p.stop()));
  processes = [];
  stdinFds = [];
  transports = [];
  rmSync(dir, { recursive: true, force: true });
});

function bridge(args: string[]): ManagedProcess {
  const proc = new ManagedProcess(process.execPath, [BIN, ...args], { cwd: REPO_ROOT });
  processes.push(proc);
  return proc;
}

/**
 * The CLI with a stdin the test writes to. ManagedProcess gives its child no
 * stdin, so the child reads a FIFO instead (`sh` execs node, so the pid is
 * node's). The test holds the FIFO read-write, which never blocks; closing
 * it is the end of input.
 */
interface StdinProcess {
  proc: ManagedProcess;
  write: (data: string | Uint8Array) => void;
  end: () => void;
}

function bridgeWithStdin(args: string[]): StdinProcess {
  const fifo = join(dir, `stdin-${processes.length}`);
  execFileSync('mkfifo', [fifo]);
  const fd = openSync(fifo, constants.O_RDWR);
  stdinFds.push(fd);
  const proc = new ManagedProcess(
    'sh',
    ['-c', 'exec "$0" "$@" < "$YF_STDIN"', process.execPath, BIN, ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, YF_STDIN: fifo },
    },
  );
  processes.push(proc);
  return {
    proc,
    write: (data) => void writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data),
    end: () => {
      stdinFds = stdinFds.filter((open) => open !== fd);
      closeSync(fd);
    },
  };
}

const jsonLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function readyLine(proc: ManagedProcess): Promise<Record<string, unknown>> {
  const line = await proc.waitForLine((l) => l.startsWith('{"ready":true'), 'the ready line');
  return JSON.parse(line) as Record<string, unknown>;
}

/** Open a link as a driver would and decode what arrives. */
async function openDecoding(path: string): Promise<JsonMessage[]> {
  const transport = new SerialTransport({ path, baudRate: 9600 });
  transports.push(transport);
  const decoder = em4100Kind.createJsonDecoder();
  const messages: JsonMessage[] = [];
  transport.onData((chunk) => messages.push(...decoder.push(chunk)));
  transport.start();
  await waitFor(() => transport.health().state === 'connected', `${path} to open`);
  return messages;
}

const uids = (messages: JsonMessage[]) => messages.map((m) => (m as { uid?: string }).uid ?? m.type);

/** Children of `pid` from /proc: [pid, command name]. */
function childrenOf(pid: number): Array<{ pid: number; comm: string }> {
  const children: Array<{ pid: number; comm: string }> = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push({ pid: Number(entry), comm });
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    return state !== 'Z';
  } catch {
    return false;
  }
}

const linkExists = (path: string) => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

async function postControl(url: string, line: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/api/sims/rfid-em4100/control`, { method: 'POST', body: line });
  return { status: response.status, body: await response.json() };
}

describe('yaofang-bridge decode', () => {
  it('--hex prints the contract JSON line', async () => {
    const proc = bridge(['decode', '--device', 'rfid-em4100', '--hex', `FF ${EM4100_HEX}`]);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(jsonLines(proc.output)).toEqual([
      { type: 'error', reason: expect.any(String) as unknown, bytes: 'FF' },
      { type: 'card', uid: '0F0030C2A4' },
    ]);
  });

  it('bad hex exits 2 with one line naming the bad characters', async () => {
    const proc = bridge(['decode', '--device', 'rfid-em4100', '--hex', '02 3Q']);
    expect(await proc.exited).toEqual({ code: 2, signal: null });
    expect(proc.output).toBe('yaofang-bridge decode: --hex has characters that are not hex digits: "Q"\n');
  });

  it('- decodes bytes piped on stdin as they arrive, and ends at end of input', async () => {
    const { proc, write, end } = bridgeWithStdin(['decode', '--device', 'rfid-em4100', '-']);
    const frame = Buffer.from(EM4100_HEX.replace(/ /g, ''), 'hex');
    write(frame.subarray(0, 6));
    write(frame.subarray(6));
    await proc.waitForLine((line) => line.includes('0F0030C2A4'), 'the first card while stdin is still open');
    write(Buffer.concat([Buffer.from([0x13, 0x37]), frame]));
    end();
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(jsonLines(proc.output)).toEqual([
      { type: 'card', uid: '0F0030C2A4' },
      { type: 'error', reason: expect.any(String) as unknown, bytes: '13 37' },
      { type: 'card', uid: '0F0030C2A4' },
    ]);
  });
});

describe('yaofang-bridge sim', () => {
  it('serves a pty a driver opens; taps from stdin and the control port arrive; SIGTERM removes socat and the link', async () => {
    const link = join(dir, 'ttyRFID');
    const { proc, write } = bridgeWithStdin(['sim', '--device', 'rfid-em4100', '--link', link]);
    const ready = await readyLine(proc);
    expect(ready).toMatchObject({
      device: 'rfid-em4100',
      link,
      control: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown,
    });
    const pid = proc.child.pid!;
    const socat = childrenOf(pid).filter((child) => child.comm === 'socat');
    expect(socat).toHaveLength(1);

    const messages = await openDecoding(link);
    write('tap 0F0030C2A4\n');
    await proc.waitForLine((line) => line.startsWith('{"ok":true'), 'the reply to tap');
    await waitFor(() => uids(messages).includes('0F0030C2A4'), 'the tapped card on the link');

    expect(await postControl(ready.control as string, 'tap 0000C80ECC')).toEqual({
      status: 200,
      body: { ok: true, message: 'card 0000C80ECC tapped' },
    });
    await waitFor(() => uids(messages).includes('0000C80ECC'), 'the card tapped on the control port');
    expect(new Set(uids(messages))).toEqual(new Set(['0F0030C2A4', '0000C80ECC']));

    write('fly away\n');
    await proc.waitForLine((line) => line.startsWith('{"ok":false'), 'the reply to an unknown command');

    await proc.stop();
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    await waitFor(() => !alive(socat[0]!.pid), 'socat to end');
    expect(childrenOf(pid)).toEqual([]);
    expect(linkExists(link)).toBe(false);
  });

  it('end of stdin stops it and removes the link; SIGINT does too', async () => {
    const first = join(dir, 'ttyA');
    const sim = bridgeWithStdin(['sim', '--device', 'scale-xk3190', '--format', 'tf0', '--link', first]);
    await readyLine(sim.proc);
    const socat = childrenOf(sim.proc.child.pid!).find((child) => child.comm === 'socat')!;
    sim.end();
    expect(await sim.proc.exited).toEqual({ code: 0, signal: null });
    expect(alive(socat.pid)).toBe(false);
    expect(linkExists(first)).toBe(false);

    const second = join(dir, 'ttyB');
    const service = bridge(['sim', '--device', 'bin-controller', '--link', second, '--no-stdin']);
    await readyLine(service);
    service.kill('SIGINT');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(linkExists(second)).toBe(false);
  });

  it('refuses a link path another simulator holds', async () => {
    const link = join(dir, 'ttyBusy');
    await readyLine(bridge(['sim', '--device', 'rfid-em4100', '--link', link, '--no-stdin']));
    const second = bridge(['sim', '--device', 'rfid-em4100', '--link', link, '--no-stdin']);
    expect(await second.exited).toEqual({ code: 2, signal: null });
    expect(second.output).toMatch(
      /^yaofang-bridge sim: --link .* already points at \/dev\/pts\/\d+; is another simulator using it\?\n$/,
    );
  });
});

describe('yaofang-bridge capture and replay', () => {
  it('a capture of a simulator, replayed onto another link, decodes to the same cards', async () => {
    const simLink = join(dir, 'ttySim');
    const sim = bridge(['sim', '--device', 'rfid-em4100', '--link', simLink, '--no-stdin']);
    const { control } = await readyLine(sim);

    const traceFile = join(dir, 'taps.jsonl');
    const capture = bridge(['capture', '--port', simLink, '--out', traceFile]);
    await capture.waitForLine((line) => line.startsWith('capturing '), 'the capture to start');
    for (const uid of ['0F0030C2A4', '0000C80ECC', '0F0030C2A4']) {
      expect(await postControl(control as string, `tap ${uid}`)).toMatchObject({ status: 200 });
      await new Promise((resolve) => setTimeout(resolve, 600)); // longer than a tap: each card leaves the field
    }
    capture.kill('SIGINT');
    expect(await capture.exited).toEqual({ code: 0, signal: null });

    const [header, ...chunks] = readFileSync(traceFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header).toEqual({
      capture: 1,
      port: simLink,
      baud: 9600,
      startedAt: expect.any(String) as unknown,
    });
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks)
      expect(chunk).toEqual({
        t: expect.any(Number) as unknown,
        dir: 'rx',
        hex: expect.any(String) as unknown,
      });
    const captured = em4100Kind
      .createJsonDecoder()
      .push(Buffer.from(chunks.map((chunk) => (chunk.hex as string).replace(/ /g, '')).join(''), 'hex'));
    const capturedUids = uids(captured);
    expect(new Set(capturedUids)).toEqual(new Set(['0F0030C2A4', '0000C80ECC']));

    const replayLink = join(dir, 'ttyReplay');
    const replay = bridge(['replay', traceFile, '--link', replayLink, '--speed', '2']);
    expect(await readyLine(replay)).toMatchObject({ link: replayLink, chunks: chunks.length });
    const replayed = await openDecoding(replayLink);
    expect(await replay.exited).toEqual({ code: 0, signal: null });
    expect(uids(replayed)).toEqual(capturedUids);
    expect(existsSync(replayLink)).toBe(false);
  });
});
