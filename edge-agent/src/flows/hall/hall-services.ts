import type { QUEUE_SERVICES } from '@yaofang/shared';
import { type HallSessionView, type KioskToAgent } from '@yaofang/shared';
import type { Receipt } from '@yaofang/shared/receipt';
import type { Logger } from 'pino';
import { approvalListView, approvalLookupView, centralHistory, familyView } from './hall-answers.ts';
import { approvalSlip, statementReceipt, ticketReceipt } from './hall-receipts.ts';
import type { HallStore } from './hall-store.ts';
import type { HallPrinter, HallRequests } from './ports.ts';
import type { HallSession } from './session.ts';
import { localDay } from './sign-in.ts';

export interface HallServicesDeps {
  stationId: string;
  store: HallStore;
  requests: HallRequests;
  printer?: HallPrinter | undefined;
  now: () => number;
  utcOffsetMinutes: number;
  requestTimeoutMs: number;
  onEventWritten: () => void;
  log: Logger;
}

type ServiceIntent = Extract<
  KioskToAgent,
  {
    type:
      | 'hall.history.load'
      | 'hall.statement.print'
      | 'timebank.family.load'
      | 'approval.lookup'
      | 'approval.mine'
      | 'approval.slip.print'
      | 'queue.take';
  }
>;

/** A letter per service, so a ticket says at a glance which queue it is in. */
const TICKET_LETTERS: Record<(typeof QUEUE_SERVICES)[number], string> = {
  'social-security': 'A',
  'civil-affairs': 'B',
  'elderly-care': 'C',
  general: 'D',
};

/**
 * The hall's requests to the central (history, family, approvals, each with
 * a deadline so nobody waits) and its printouts (tickets, slips, statements).
 * Each updates the session in place; the flow sends the view afterwards.
 */
export class HallServices {
  constructor(private readonly deps: HallServicesDeps) {}

  async handle(s: HallSession, intent: ServiceIntent, balances: HallSessionView['balances']): Promise<void> {
    const { requests, requestTimeoutMs: timeoutMs } = this.deps;
    switch (intent.type) {
      case 'hall.history.load': {
        const args = { residentKey: s.residentKey, account: intent.account, limit: 20 };
        const outcome = await requests.request('history', args, { timeoutMs });
        s.history = centralHistory(outcome) ?? {
          source: 'local',
          stale: true,
          entries: this.deps.store.localEntries(s.residentKey, intent.account),
        };
        if (s.history.stale) s.notice = { code: 'central-unreachable' };
        return;
      }
      case 'timebank.family.load': {
        const outcome = await requests.request('family', { residentKey: s.residentKey }, { timeoutMs });
        s.family = familyView(outcome);
        if (outcome.source !== 'central') s.notice = { code: 'central-unreachable' };
        return;
      }
      case 'approval.lookup': {
        s.approvals = { state: 'loading', items: [] };
        const args = { applicationNo: intent.applicationNo };
        s.approvals = approvalLookupView(await requests.request('approval.status', args, { timeoutMs }));
        return;
      }
      case 'approval.mine': {
        s.approvals = { state: 'loading', items: [] };
        const args = { residentKey: s.residentKey };
        s.approvals = approvalListView(await requests.request('approval.list', args, { timeoutMs }));
        return;
      }
      case 'approval.slip.print':
        return this.print(s, approvalSlip(s.approvals));
      case 'hall.statement.print': {
        // A4 is printed by the kiosk itself (Electron); the agent only prints receipts.
        if (intent.format !== 'receipt') return;
        const entries =
          s.history?.entries.filter((entry) => entry.account === intent.account) ??
          this.deps.store.localEntries(s.residentKey, intent.account);
        const receipt = statementReceipt(intent.account, balances, entries, this.localIso());
        return this.print(s, receipt);
      }
      case 'queue.take':
        return this.takeTicket(s, intent.service);
    }
  }

  /** A per-day, per-service number (`A012`), its event, and the printed ticket with a QR code. */
  async takeTicket(s: HallSession | null, service: (typeof QUEUE_SERVICES)[number]): Promise<void> {
    const now = this.deps.now();
    const day = localDay(now, this.deps.utcOffsetMinutes);
    const issuedAt = this.localIso();
    let number: string;
    try {
      number = this.deps.store.issueTicket(
        day,
        service,
        (n) => `${TICKET_LETTERS[service]}${String(n).padStart(3, '0')}`,
        issuedAt,
      );
    } catch (error) {
      this.deps.log.error({ err: error }, 'queue ticket not recorded');
      if (s) s.notice = { code: 'storage-full' };
      return;
    }
    this.deps.onEventWritten();
    this.deps.log.info({ service, number }, 'queue ticket issued');
    if (s) s.ticket = { service, number, issuedAt };
    await this.print(s, ticketReceipt({ service, day, number, issuedAt }));
  }

  private async print(s: HallSession | null, receipt: Receipt): Promise<void> {
    const { printer, log } = this.deps;
    const result = printer ? await printer.print(receipt) : null;
    if (result?.ok) return;
    log.warn({ reason: result ? result.error : 'no printer' }, 'hall printout failed');
    if (s) s.notice = { code: 'printer-fault' };
  }

  /** Local wall-clock time as ISO with its offset, e.g. `2025-03-01T08:00:00+08:00`. */
  private localIso(): string {
    const offset = this.deps.utcOffsetMinutes;
    const local = new Date(this.deps.now() + offset * 60_000).toISOString().slice(0, 19);
    const sign = offset >= 0 ? '+' : '-';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
}
