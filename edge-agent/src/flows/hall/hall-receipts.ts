import type { HallSessionView, HistoryEntry } from '@yaofang/shared';
import type { Receipt, ReceiptBlock } from '@yaofang/shared/receipt';

/**
 * The hall's printouts: queue tickets, approval slips and statements. Plain
 * Chinese text; never a name or an ID number (a statement shows balances and
 * entries only).
 */

const SERVICE_LABELS: Record<string, string> = {
  'social-security': '社保业务',
  'civil-affairs': '民政业务',
  'elderly-care': '养老服务',
  general: '综合业务',
};

const text = (line: string, extra: Partial<Extract<ReceiptBlock, { type: 'text' }>> = {}): ReceiptBlock => ({
  type: 'text',
  text: line,
  ...extra,
});
const END: ReceiptBlock[] = [
  { type: 'feed', lines: 3 },
  { type: 'cut', mode: 'partial' },
];

export function ticketPayload(service: string, day: string, number: string): string {
  return `yf:ticket:${service}:${day}:${number}`;
}

export function ticketReceipt(ticket: {
  service: string;
  day: string;
  number: string;
  issuedAt: string;
}): Receipt {
  return {
    blocks: [
      text('24小时自助服务区 排队取号', { align: 'center', bold: true }),
      text(SERVICE_LABELS[ticket.service] ?? ticket.service, { align: 'center' }),
      text(ticket.number, { align: 'center', bold: true, width: 3, height: 3 }),
      { type: 'qr', payload: ticketPayload(ticket.service, ticket.day, ticket.number) },
      text(`取号时间 ${ticket.issuedAt.slice(0, 16).replace('T', ' ')}`),
      text('请留意叫号，过号请重新取号。'),
      ...END,
    ],
  };
}

export function approvalSlip(approvals: HallSessionView['approvals']): Receipt {
  const items = approvals?.items ?? [];
  const lines: ReceiptBlock[] = items.length
    ? items.flatMap((item) => [
        text(`申请编号 ${item.applicationNo}`, { bold: true }),
        text(`事项 ${item.title}`),
        text(`状态 ${item.status}`),
        text(`更新 ${item.updatedAt.slice(0, 10)}`),
        { type: 'separator' },
      ])
    : [text(approvals?.state === 'ok' ? '暂无办理中的申请。' : '暂时无法查询办理进度。')];
  return {
    blocks: [
      text('不见面审批 办理提示', { align: 'center', bold: true }),
      { type: 'separator' },
      ...lines,
      text('下一步：请按短信或政务服务网的提示补充材料；'),
      text('如需帮助，请在工作时间带上身份证和本提示单'),
      text('到服务窗口咨询。'),
      ...END,
    ],
  };
}

export function statementReceipt(
  account: 'points' | 'minutes',
  balances: HallSessionView['balances'],
  entries: readonly HistoryEntry[],
  printedAt: string,
): Receipt {
  const balance = balances[account];
  const unit = account === 'points' ? '分' : '分钟';
  const status: Record<HistoryEntry['status'], string> = {
    pending: '待同步',
    confirmed: '',
    rejected: '未通过',
  };
  return {
    blocks: [
      text(account === 'points' ? '积分对账单' : '时间银行对账单', { align: 'center', bold: true }),
      text(`打印时间 ${printedAt.slice(0, 16).replace('T', ' ')}`),
      { type: 'separator' },
      text(`余额 ${balance.shown} ${unit}`, { bold: true }),
      ...(balance.pending !== 0 ? [text(`其中待同步 ${balance.pending} ${unit}`)] : []),
      { type: 'separator' },
      ...entries
        .slice(0, 10)
        .map((entry) =>
          text(
            `${entry.at.slice(0, 10)} ${entry.amount > 0 ? '+' : ''}${entry.amount}${unit} ${status[entry.status]}`.trim(),
          ),
        ),
      ...(entries.length === 0 ? [text('近期无记录')] : []),
      ...END,
    ],
  };
}
