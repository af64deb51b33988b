import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementA4Html, type StatementA4Input } from '@yaofang/shared/statement-a4';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { REPO_ROOT } from '../harness/station.ts';

const PDFTOTEXT = '/usr/bin/pdftotext';
const ARTIFACTS = join(REPO_ROOT, 'test/artifacts/statements');

const INPUT: StatementA4Input = {
  stationId: 'HALL-E2E-01',
  generatedAt: Date.UTC(2025, 2, 1, 1, 30),
  timezoneOffsetMinutes: 480,
  resident: { maskedName: '张*三', maskedIdNumber: '320102********1234', household: 'H-***07' },
  account: 'minutes',
  balance: { confirmed: 1234, pending: -45, shown: 1189 },
  entries: [
    {
      at: '2025-02-27T09:00:00+08:00',
      account: 'minutes',
      amount: 120,
      kind: 'deposit',
      status: 'confirmed',
      reason: null,
    },
    {
      at: '2025-02-28T15:20:00+08:00',
      account: 'minutes',
      amount: -45,
      kind: 'withdraw',
      status: 'pending',
      reason: null,
    },
    {
      at: '2025-02-28T16:00:00+08:00',
      account: 'minutes',
      amount: -600,
      kind: 'transfer',
      status: 'rejected',
      reason: 'not family <x>',
    },
  ],
};

/**
 * The A4 statement as it would print: the HTML in Debian's Chromium, saved as
 * an A4 PDF, and its text read back with pdftotext. The balances and every
 * entry must be on the paper, in Chinese.
 */
describe('A4 statement → PDF (Chromium + pdftotext)', () => {
  let browser: BrowserHandle;
  let work: string;

  beforeAll(async () => {
    if (!existsSync(PDFTOTEXT))
      throw new Error(`${PDFTOTEXT} is missing: install it with \`apt-get install poppler-utils\``);
    work = mkdtempSync(join(tmpdir(), 'yf-statement-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium({ width: 794, height: 1123 });
  });

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function pdfText(input: StatementA4Input, name: string): Promise<{ text: string; pages: number }> {
    const page = await browser.context.newPage();
    // Nothing may be fetched: the document is self-contained.
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('data:') && request.url() !== 'about:blank') requests.push(request.url());
    });
    await page.setContent(statementA4Html(input), { waitUntil: 'load' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await page.close();
    expect(requests, 'external requests').toEqual([]);
    const file = join(work, `${name}.pdf`);
    writeFileSync(file, pdf);
    writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
    const text = execFileSync(PDFTOTEXT, ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    const pages = (text.match(/\f/g) ?? []).length || 1;
    // -layout keeps columns apart with runs of spaces; one space is enough to read.
    return { text: text.replace(/[ \t]+/g, ' '), pages };
  }

  it('has the balances and every entry in the PDF text', async () => {
    const { text, pages } = await pdfText(INPUT, 'statement-minutes');
    expect(pages).toBe(1);
    const flat = text;
    expect(flat).toContain('时间银行对账单');
    expect(flat).toContain('HALL-E2E-01');
    expect(flat).toContain('2025-03-01 09:30');
    expect(flat).toContain('张*三');
    expect(flat).toContain('320102********1234');
    expect(flat).toContain('1189 分钟');
    expect(flat).toContain('1234 分钟');
    expect(flat).toContain('-45 分钟');
    for (const line of [
      '2025-02-27 09:00',
      '+120 分钟',
      '志愿服务存入',
      '2025-02-28 15:20',
      '兑换服务',
      '待同步',
    ])
      expect(flat, line).toContain(line);
    expect(flat).toContain('-600 分钟');
    expect(flat).toContain('not family <x>');
    expect(flat).toContain('共 3 条记录');
  });

  it('a long history runs over several A4 pages, every entry still there', async () => {
    const entries = Array.from({ length: 80 }, (_, i) => ({
      at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
      account: 'points' as const,
      amount: i + 1,
      kind: 'drop',
      status: 'confirmed' as const,
      reason: null,
    }));
    const { text, pages } = await pdfText(
      { ...INPUT, account: 'points', balance: { confirmed: 3240, pending: 0, shown: 3240 }, entries },
      'statement-points-long',
    );
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('积分对账单');
    expect(text).toContain('3240 积分');
    for (const entry of entries) expect(text).toContain(`+${entry.amount} 积分`);
  });
});
