import { maskIdNumber, maskName, residentKey } from '@yaofang/shared';
import type { HallSessionView } from '@yaofang/shared';
import type { IdCardRead } from './ports.ts';

type Notice = NonNullable<HallSessionView['notice']>['code'];

export type IdCardSignIn =
  | { ok: true; residentKey: string; maskedName: string; maskedIdNumber: string }
  | { ok: false; code: Extract<Notice, 'idcard-invalid' | 'idcard-expired'> };

/** `YYYY-MM-DD` of the local day of `at`. */
export function localDay(at: number, utcOffsetMinutes: number): string {
  return new Date(at + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * Checks a read and turns it into what the session keeps: the residentKey
 * and the masks. The raw number and name are not returned, so they go out
 * of scope with the read event.
 */
export function idCardSignIn(
  read: IdCardRead,
  districtKey: Uint8Array,
  at: number,
  utcOffsetMinutes: number,
): IdCardSignIn {
  if (!read.idNumberValid) return { ok: false, code: 'idcard-invalid' };
  if (isExpired(read.validTo, at, utcOffsetMinutes)) return { ok: false, code: 'idcard-expired' };
  return {
    ok: true,
    residentKey: residentKey(districtKey, read.idNumber),
    maskedName: maskName(read.name),
    maskedIdNumber: maskIdNumber(read.idNumber),
  };
}

/** A card is valid through its `validTo` day; `长期` never ends. An unreadable date counts as expired. */
export function isExpired(validTo: string, at: number, utcOffsetMinutes: number): boolean {
  if (validTo.trim() === '长期') return false;
  if (!/^\d{8}$/.test(validTo)) return true;
  return localDay(at, utcOffsetMinutes).replaceAll('-', '') > validTo;
}
