import { describe, expect, it } from 'vitest';
import { escapeHtml, formatLocalTime, statementA4Html, type StatementA4Input } from './statement-a4.ts';

const INPUT: StatementA4Input = {
  stationId: 'HALL-01',
  generatedAt: Date.UTC(2025, 2, 1, 0, 5),
  timezoneOffsetMinutes: 480,
  resident: { maskedName: '张*三', maskedIdNumber: '320102********1234', household: null },
  account: 'minutes',
  balance: { confirmed: 300, pending: -30, shown: 270 },
  entries: [
    {
      at: '2025-02-28T10:00:00+08:00',
      account: 'minutes',
      amount: 60,
      kind: 'deposit',
      status: 'confirmed',
      reason: null,
    },
    {
      at: '2025-02-28T12:00:00+08:00',
      account: 'minutes',
      amount: -30,
      kind: 'withdraw',
      status: 'pending',
      reason: null,
    },
    {
      at: '2025-02-28T13:00:00+08:00',
      account: 'points',
      amount: 3,
      kind: 'drop',
      status: 'confirmed',
      reason: null,
    },
  ],
};

describe('statementA4Html', () => {
  it('escapes the five HTML characters and drops control characters', () => {
    expect(escapeHtml(`<b onclick="x">&'\u0007</b>`)).toBe(
      '&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;&lt;/b&gt;',
    );
  });

  it('never lets text from the view become markup', () => {
    const html = statementA4Html({
      ...INPUT,
      stationId: '<script>alert(1)</script>',
      resident: { maskedName: '"><img src=x onerror=alert(1)>', maskedIdNumber: null, household: 'H&1' },
      entries: [
        { ...INPUT.entries[0]!, kind: '<iframe src="https://evil.example">', reason: '</td></tr><tr><td>x' },
      ],
    });
    expect(html).not.toMatch(/<script|<img|<iframe|<\/td><\/tr><tr><td>x/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('H&amp;1');
    expect(html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;x');
  });

  it('is one self-contained A4 document in Chinese: no scripts, no external resources', () => {
    const html = statementA4Html(INPUT);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import|https?:/i);
    expect(html).toContain('时间银行对账单');
    expect(html).toContain('320102********1234');
  });

  it('prints the balances, and only the entries of the account, in local time', () => {
    const html = statementA4Html(INPUT);
    expect(html).toContain('270 分钟');
    expect(html).toContain('300 分钟');
    expect(html).toContain('-30 分钟');
    expect(html).toContain('2025-02-28 10:00');
    expect(html).toContain('志愿服务存入');
    expect(html).toContain('+60 分钟');
    expect(html).toContain('待同步');
    expect(html).not.toContain('垃圾分类投放');
    expect(html).toContain('共 2 条记录');
    expect(statementA4Html({ ...INPUT, account: 'points' })).toContain('积分对账单');
    expect(statementA4Html({ ...INPUT, entries: [] })).toContain('暂无记录');
  });

  it('formats times in the given offset', () => {
    expect(formatLocalTime(Date.UTC(2025, 2, 1, 16, 30), 480)).toBe('2025-03-02 00:30');
    expect(formatLocalTime('2025-03-01T08:00:00Z', 0)).toBe('2025-03-01 08:00');
    expect(formatLocalTime('not a time', 480)).toBe('not a time');
  });
});
