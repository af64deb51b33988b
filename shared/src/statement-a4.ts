import type { HistoryEntry } from './hall-session.ts';
import type { BalanceView } from './waste-session.ts';

/**
 * The A4 statement (对账单) of a resident's points or time-bank minutes: one
 * complete, self-contained HTML document (inline CSS, `@page` A4, no
 * scripts, no external resources), in Chinese like every paper the terminal
 * prints. Pure: the kiosk renders it from the session view it already has
 * and hands it to the Electron bridge (`window.yaofang.printA4`), which
 * prints it in a sandboxed window with JavaScript off. Every value from the
 * view is HTML-escaped.
 */
export interface StatementA4Input {
  stationId: string;
  /** When the statement was made: epoch milliseconds or an ISO time. */
  generatedAt: number | string;
  /** Local time minus UTC, in minutes: +480 for China Standard Time. */
  timezoneOffsetMinutes: number;
  resident: { maskedName: string | null; maskedIdNumber: string | null; household: string | null };
  account: 'points' | 'minutes';
  balance: BalanceView;
  entries: readonly HistoryEntry[];
}

const ACCOUNT_TITLES = { points: '积分对账单', minutes: '时间银行对账单' } as const;
const UNITS = { points: '积分', minutes: '分钟' } as const;
const STATUS_LABELS: Record<HistoryEntry['status'], string> = {
  pending: '待同步',
  confirmed: '已确认',
  rejected: '未通过',
};
/** Known entry kinds in Chinese; any other kind is printed as it came (escaped). */
const KIND_LABELS: Record<string, string> = {
  drop: '垃圾分类投放',
  'waste-drop': '垃圾分类投放',
  redeem: '积分兑换',
  adjust: '人工调整',
  deposit: '志愿服务存入',
  withdraw: '兑换服务',
  donate: '捐赠',
  transfer: '转赠家人',
  'transfer-in': '家人转入',
  'transfer-out': '转赠家人',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content and attribute values: the five special characters, and no control characters. */
export function escapeHtml(text: string): string {
  const printable = [...text].filter((c) => !isControl(c.charCodeAt(0))).join('');
  return printable.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** C0 controls but tab, newline and carriage return; and DEL. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** `2025-03-01 08:05` in the given offset; the input as it came if it is not a time. */
export function formatLocalTime(time: number | string, offsetMinutes: number): string {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) return String(time);
  const local = new Date(ms + offsetMinutes * 60_000);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`
  );
}

const signed = (value: number) => (value > 0 ? `+${value}` : String(value));

const STYLE = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body {
  font-family: 'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC',
    'WenQuanYi Micro Hei', 'Droid Sans Fallback', sans-serif;
  font-size: 11pt; line-height: 1.5; color: #000; background: #fff;
}
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.1em; }
.meta { width: 100%; border-collapse: collapse; margin-bottom: 5mm; }
.meta th { text-align: left; font-weight: normal; color: #333; width: 22mm; padding: 1mm 0; }
.meta td { padding: 1mm 4mm 1mm 0; }
.balance { display: flex; gap: 6mm; margin: 0 0 6mm; padding: 4mm 5mm; border: 0.4mm solid #000; }
.balance div { flex: 1; }
.balance .label { display: block; font-size: 9.5pt; color: #333; }
.balance .value { display: block; font-size: 16pt; font-weight: bold; }
.entries { width: 100%; border-collapse: collapse; }
.entries thead { display: table-header-group; }
.entries th, .entries td { border-bottom: 0.2mm solid #777; padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
.entries th { border-bottom: 0.4mm solid #000; font-weight: bold; }
.entries td.amount, .entries th.amount { text-align: right; white-space: nowrap; }
.entries tr { page-break-inside: avoid; break-inside: avoid; }
.entries .empty { text-align: center; color: #333; padding: 6mm; }
.rejected { color: #555; }
.foot { margin-top: 6mm; font-size: 9pt; color: #333; }
`;

/** The statement as a complete HTML document, ready for `printA4` or a PDF. */
export function statementA4Html(input: StatementA4Input): string {
  const unit = UNITS[input.account];
  const title = ACCOUNT_TITLES[input.account];
  const e = escapeHtml;
  const metaRow = (label: string, value: string | null) =>
    value === null || value === '' ? '' : `<tr><th>${label}</th><td>${e(value)}</td></tr>`;
  const { balance } = input;
  const entries = input.entries.filter((entry) => entry.account === input.account);
  const rows = entries.length
    ? entries
        .map((entry) => {
          const kind = KIND_LABELS[entry.kind] ?? entry.kind;
          const note = entry.reason ?? '';
          return (
            `<tr class="${entry.status}">` +
            `<td>${e(formatLocalTime(entry.at, input.timezoneOffsetMinutes))}</td>` +
            `<td>${e(kind)}</td>` +
            `<td class="amount">${e(signed(entry.amount))} ${unit}</td>` +
            `<td>${STATUS_LABELS[entry.status]}</td>` +
            `<td>${e(note)}</td>` +
            `</tr>`
          );
        })
        .join('\n')
    : `<tr><td class="empty" colspan="5">暂无记录</td></tr>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${title}</h1>
<table class="meta">
<tbody>
${metaRow('站点', input.stationId)}
${metaRow('打印时间', formatLocalTime(input.generatedAt, input.timezoneOffsetMinutes))}
${metaRow('姓名', input.resident.maskedName)}
${metaRow('证件号', input.resident.maskedIdNumber)}
${metaRow('住户', input.resident.household)}
</tbody>
</table>
<section class="balance">
<div><span class="label">当前余额</span><span class="value">${balance.shown} ${unit}</span></div>
<div><span class="label">已确认</span><span class="value">${balance.confirmed} ${unit}</span></div>
<div><span class="label">待同步</span><span class="value">${signed(balance.pending)} ${unit}</span></div>
</section>
<table class="entries">
<thead><tr><th>时间</th><th>类型</th><th class="amount">数量</th><th>状态</th><th>说明</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<p class="foot">共 ${entries.length} 条记录。“待同步”的记录尚未经中心平台确认，以中心确认结果为准。本对账单由自助终端生成，仅供核对。</p>
</body>
</html>
`;
}
