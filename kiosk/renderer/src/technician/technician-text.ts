import type { TechnicianResult } from '@yaofang/shared/technician';
import type { Translate } from '../waste/waste-text.ts';

/**
 * The words and numbers of the technician pages as pure functions, so they
 * are unit-tested without React. Times are local and language-neutral
 * (digits only): the technician compares them with the logs.
 */

/** The outcome codes the catalogues know; any other falls back to a generic message plus the detail. */
export const KNOWN_RESULT_CODES = [
  'ok',
  'wrong-pin',
  'locked',
  'not-configured',
  'no-device',
  'unsupported',
  'device-error',
  'paper-out',
  'export-failed',
  'bad-target',
  'pin-required',
] as const;

/** "测试打印：打印机缺纸" — the action, then what came of it in the screen's language. */
export function resultText(result: TechnicianResult, t: Translate): string {
  const known = (KNOWN_RESULT_CODES as readonly string[]).includes(result.code);
  // 'not-configured' answers a login too: then it is the PIN, not a device, that the station lacks.
  const message =
    result.action === 'login' && result.code === 'not-configured'
      ? t('technician.codes.noPin')
      : known
        ? t(`technician.codes.${result.code}`)
        : t(`technician.outcomes.${result.outcome}`);
  return t('technician.result', { action: t(`technician.actions.${result.action}`), message });
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** Epoch ms → "2025-03-01 09:15" (local), with ":07" seconds when asked. */
export function localDateTime(epochMs: number, seconds = false): string {
  const d = new Date(epochMs);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** Epoch ms → "09:15:07.042" (local): when a frame went over the wire. */
export function localClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "02a0ff" → "02 A0 FF"; anything that is not plain hex is shown as it came. */
export function spacedHex(hex: string): string {
  const bare = hex.replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(bare)) return hex;
  return (bare.match(/../g) ?? []).join(' ').toUpperCase();
}

/** How many of a device's recent frames the page lists, newest first (a screenful, no scrolling). */
export const FRAMES_SHOWN = 8;

export function newestFrames<Frame extends { at: number }>(frames: readonly Frame[]): Frame[] {
  return [...frames].sort((a, b) => b.at - a.at).slice(0, FRAMES_SHOWN);
}
