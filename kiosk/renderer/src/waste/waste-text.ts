import type { WasteNotice, WasteSessionView, WasteStep } from '@yaofang/shared/waste-session';
import type { CategoryState, DropOutcome } from '@yaofang/shared/waste';
import { formatKg } from './format.ts';

/**
 * The words of the waste screens and voice prompts, as pure functions of the
 * agent's view and a translate function, so the screen and the speech say
 * the same thing and both are unit-tested without React.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function noticeText(notice: WasteNotice, t: Translate): string {
  switch (notice.code) {
    case 'category-closed':
      return notice.opensAtLocal
        ? t('notices.categoryClosedAt', { time: notice.opensAtLocal })
        : t('notices.category-closed');
    case 'device-fault':
      return notice.device
        ? t('notices.deviceFaultAt', {
            device: t(`devices.${notice.device}`, { defaultValue: t('devices.unknown') }),
          })
        : t('notices.device-fault');
    default:
      return t(`notices.${notice.code}`);
  }
}

export function sameNotice(a: WasteNotice | null | undefined, b: WasteNotice | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.code === b.code && a.opensAtLocal === b.opensAtLocal && a.device === b.device;
}

/** The reason under a category's name; `undefined` when the station reports no compartment for it. */
export function categoryStateText(state: CategoryState | undefined, t: Translate): string {
  if (!state) return t('waste.state.missing');
  switch (state.state) {
    case 'open':
      return t('waste.state.open');
    case 'closed-until':
      return t('waste.state.closedUntil', { time: state.opensAtLocal });
    case 'full':
      return t('waste.state.full');
    case 'fault':
      return t('waste.state.fault');
  }
}

/** What a drop's outcome means for the resident; null when it was simply credited. */
export function outcomeText(outcome: DropOutcome, t: Translate): string | null {
  return outcome === 'credited' ? null : t(`notices.${outcome}`);
}

function stepPrompt(session: WasteSessionView, t: Translate): string | null {
  const step: WasteStep = session.step;
  switch (step) {
    case 'choose-category':
      return t('speech.chooseCategory');
    case 'weighing-before':
    case 'weighing-after':
      return t('speech.weighing');
    case 'opening':
      return t('speech.opening');
    case 'dropping':
      return session.chosen
        ? t('speech.drop', { category: t(`waste.categories.${session.chosen}`) })
        : t('waste.drop.title');
    case 'closing':
      return t('speech.closing');
    case 'result': {
      const drop = session.drops.at(-1);
      if (!drop) return null;
      const result = t('speech.result', { weight: formatKg(drop.netGrams), points: drop.points });
      const outcome = outcomeText(drop.outcome, t);
      return outcome ? t('speech.sentences', { first: result, second: outcome }) : result;
    }
  }
}

/**
 * What to say when the session view changes from `previous` to `next`: the
 * new step's prompt (the result once per drop) and a new notice, or null
 * when nothing the resident needs to hear changed (a balance update, a
 * weight tick). A notice that repeats the result's outcome is said once.
 */
export function wasteSpeech(
  previous: WasteSessionView | null,
  next: WasteSessionView | null,
  t: Translate,
): string | null {
  if (!next) return null;
  const sameSession = previous?.sessionId === next.sessionId ? previous : null;
  const stepChanged =
    !sameSession ||
    sameSession.step !== next.step ||
    (next.step === 'result' && sameSession.drops.length !== next.drops.length);
  const prompt = stepChanged ? stepPrompt(next, t) : null;
  const lastOutcome = next.step === 'result' ? next.drops.at(-1)?.outcome : undefined;
  const notice =
    next.notice && !sameNotice(sameSession?.notice, next.notice) && next.notice.code !== lastOutcome
      ? noticeText(next.notice, t)
      : null;
  if (notice && prompt) return t('speech.sentences', { first: notice, second: prompt });
  return notice ?? prompt;
}
