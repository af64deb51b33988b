import type { HallSessionView } from '@yaofang/shared/hall-session';
import { MAX_WIRE_MINUTES } from '@yaofang/shared/timebank';
import type { Translate } from '../waste/waste-text.ts';

/**
 * The words of the hall screens and voice prompts, as pure functions of the
 * agent's view and a translate function (as waste-text.ts does for the
 * waste station), so the screen and the speech say the same thing.
 */
export type HallNotice = NonNullable<HallSessionView['notice']>;
export type HallService = NonNullable<HallSessionView['service']>;

export function hallNoticeText(notice: HallNotice, t: Translate): string {
  if (notice.code === 'offline-quota' && notice.detail)
    return t('hall.notices.offlineQuotaDetail', { detail: notice.detail });
  return t(`hall.notices.${notice.code}`);
}

export function sameHallNotice(a: HallNotice | null | undefined, b: HallNotice | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.code === b.code && a.detail === b.detail;
}

/** Whole minutes since `startedAt` (epoch ms); 0 before it. */
export function elapsedMinutes(startedAt: number | null, now: number): number {
  return startedAt === null ? 0 : Math.max(0, Math.floor((now - startedAt) / 60_000));
}

/** The minutes typed on the keypad, or null when they are not a whole number the central would take. */
export function parseMinutes(typed: string): number | null {
  if (!/^\d{1,6}$/.test(typed)) return null;
  const minutes = Number(typed);
  return minutes >= 1 && minutes <= MAX_WIRE_MINUTES ? minutes : null;
}

/** Application numbers as the intent schema takes them. */
export const APPLICATION_NO = /^[0-9A-Za-z-]{4,32}$/;

/** An entry kind or an approval status in words; one the catalogue lacks is shown as it came. */
export function kindText(kind: string, t: Translate): string {
  return t(`hall.kinds.${kind}`, { defaultValue: kind });
}

export function approvalStatusText(status: string, t: Translate): string {
  return t(`hall.approvals.status.${status}`, { defaultValue: status });
}

function servicePrompt(service: HallService | null, t: Translate): string | null {
  switch (service?.state) {
    case 'waiting-recipient':
      return t('hall.speech.recipientTap');
    case 'in-progress':
      return t('hall.speech.serviceStarted');
    case 'waiting-end-taps':
      return t('hall.speech.bothTap');
    case 'submitted':
      return t('hall.speech.submitted');
    default:
      return null;
  }
}

/**
 * What to say when the hall view changes: a welcome for a new session, a new
 * notice, the next step of a volunteer service, a new queue number, a card
 * to place for binding; null when nothing the resident must hear changed.
 */
export function hallSpeech(
  previous: HallSessionView | null,
  next: HallSessionView | null,
  t: Translate,
): string | null {
  if (!next) return null;
  const same = previous?.sessionId === next.sessionId ? previous : null;
  const parts: string[] = [];
  if (next.notice && !sameHallNotice(same?.notice, next.notice)) parts.push(hallNoticeText(next.notice, t));
  if (!same) parts.push(t('hall.speech.welcome'));
  if (same && same.service?.state !== next.service?.state) {
    const prompt = servicePrompt(next.service, t);
    if (prompt) parts.push(prompt);
  }
  if (next.ticket && next.ticket.number !== same?.ticket?.number)
    parts.push(t('hall.speech.ticket', { number: next.ticket.number }));
  if (next.binding.state === 'waiting-card' && same?.binding.state !== 'waiting-card')
    parts.push(t('hall.speech.bindTap'));
  if (parts.length === 0) return null;
  return parts.reduce((first, second) => t('speech.sentences', { first, second }));
}
