import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { maskIdNumber, syntheticIdNumber } from '@yaofang/shared';
import { createLogger, scrubLogLine, type LogSink } from './logger.ts';
import { waitFor } from '../../test/harness/free-port.ts';

const ID = syntheticIdNumber(42, '19850317');
const MASKED = maskIdNumber(ID);

/** A logger whose output is captured line by line through a real stream. */
function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: 'trace', destination: stream }), lines, text: () => lines.join('\n') };
}

const dir = mkdtempSync(join(tmpdir(), 'yf-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logger: personal data never reaches the output', () => {
  it('masks an ID number inside the message, format arguments and an error', () => {
    const { log, lines, text } = captured();
    log.info(`resident ${ID} signed in`);
    log.warn('lookup failed for %s', ID);
    log.error({ err: new Error(`no balance for ${ID.toLowerCase()}`) }, 'balance');
    expect(lines).toHaveLength(3);
    expect(text()).not.toContain(ID);
    expect(text()).not.toContain(ID.toLowerCase());
    expect((JSON.parse(lines[0]!) as { msg: string }).msg).toBe(`resident ${MASKED} signed in`);
    expect((JSON.parse(lines[1]!) as { msg: string }).msg).toBe(`lookup failed for ${MASKED}`);
  });

  it('masks ID numbers in nested fields and arrays at any depth, and in child bindings', () => {
    const { log, lines, text } = captured();
    const child = log.child({ session: { holder: ID } });
    child.info({ flow: { step: { card: { read: { text: `id=${ID};` } } } }, list: [ID, 1] }, 'nested');
    expect(text()).not.toContain(ID);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.session).toEqual({ holder: MASKED });
    expect(line.list).toEqual([MASKED, 1]);
    expect(JSON.stringify(line.flow)).toContain(`id=${MASKED};`);
  });

  it('redacts names, card UIDs and ID numbers by key, however deep', () => {
    const { log, lines, text } = captured();
    log.info(
      {
        idNumber: 'A-not-even-an-id',
        resident: { name: '张三丰' },
        reader: { event: { card: { uid: '0F0030C2A4', detail: { cardUid: '1A2B3C4D5E', name: '李四' } } } },
      },
      'card read',
    );
    for (const secret of ['A-not-even-an-id', '张三丰', '0F0030C2A4', '1A2B3C4D5E', '李四'])
      expect(text()).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ idNumber: '[redacted]', resident: { name: '[redacted]' } });
  });

  it('leaves numbers that are not ID numbers alone', () => {
    const line = JSON.stringify({
      ts: 1735689600000,
      seq: 999999199001011,
      cardKey: 'a3f09c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f90123456789abcdef0123456789',
      longNumber: '1320102199001011234',
      badDate: '320102199013451234',
    });
    expect(scrubLogLine(line)).toBe(line);
  });

  it('writes rotated files through pino-roll when log.file is set, scrubbed too', async () => {
    const file = join(dir, 'logs/agent.log');
    const log = createLogger({ level: 'info', file, rotate: { maxSizeMb: 1, keepFiles: 3 } });
    const sink = (log as unknown as Record<symbol, LogSink>)[pino.symbols.streamSym]!;
    try {
      log.info({ reader: 'reader-1' }, `tap by ${ID}`);
      await new Promise<void>((resolve, reject) => log.flush((error) => (error ? reject(error) : resolve())));
      const written = await waitFor(() => {
        const names = readdirSync(join(dir, 'logs'));
        const content = names.map((name) => readFileSync(join(dir, 'logs', name), 'utf8')).join('');
        return content.includes('tap by') ? { names, content } : null;
      }, 'the log line in the rotated file');
      expect(written.names).toEqual(['agent.1.log']);
      expect(written.content).toContain(`tap by ${MASKED}`);
      expect(written.content).not.toContain(ID);
    } finally {
      sink.end?.();
    }
  });

  it('rotates at maxSizeMb and keeps keepFiles rotated files besides the current one', async () => {
    const folder = join(dir, 'rolling');
    const log = createLogger({
      level: 'info',
      file: join(folder, 'agent.log'),
      rotate: { maxSizeMb: 1, keepFiles: 1 },
    });
    const sink = (log as unknown as Record<symbol, LogSink>)[pino.symbols.streamSym]!;
    const filler = 'x'.repeat(1000);
    try {
      // pino-roll checks the size when a write completes and rotates and prunes asynchronously;
      // on a loaded two-core machine a roll or a prune can land a burst late. So keep logging in
      // bursts of just over 1 MB, as a terminal does, until the folder settles; then it must hold
      // the current file and exactly one rotated file, numbered consecutively, after at least two rolls.
      const settled = (): string[] | null => {
        const now = readdirSync(folder).sort((a, b) => fileNumber(a) - fileNumber(b));
        const newest = fileNumber(now.at(-1) ?? 'agent.0.log');
        return now.length === 2 && newest >= 3 && fileNumber(now[0]!) === newest - 1 ? now : null;
      };
      let names: string[] | null = null;
      for (let burst = 1; burst <= 8 && !names; burst++) {
        for (let i = 0; i < 1100; i++) log.info({ burst, i, filler }, 'filler line');
        await new Promise<void>((resolve, reject) =>
          log.flush((error) => (error ? reject(error) : resolve())),
        );
        if (burst >= 3) names = await waitFor(settled, 'the folder settled', 10_000).catch(() => null);
      }
      expect(names, readdirSync(folder).join(', ')).not.toBeNull();
      expect(names!.every((name) => /^agent\.\d+\.log$/.test(name))).toBe(true);
    } finally {
      sink.end?.();
    }
  }, 120_000);
});

/** `agent.12.log` → 12. */
function fileNumber(name: string): number {
  return Number(/\.(\d+)\.log$/.exec(name)?.[1] ?? Number.NaN);
}
