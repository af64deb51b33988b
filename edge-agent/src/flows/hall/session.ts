import type { HallSessionView } from '@yaofang/shared';
import type { ServiceType } from '@yaofang/shared/timebank';

export type HallNotice = NonNullable<HallSessionView['notice']>;
export type NoticeCode = HallNotice['code'];

/** A volunteer service as the session follows it (the open part is also in `timebank_services`). */
export interface ServiceState {
  state: NonNullable<HallSessionView['service']>['state'];
  serviceType: ServiceType;
  serviceId: string | null;
  recipientKey: string | null;
  startedAt: number | null;
  endTaps: { volunteer: boolean; recipient: boolean };
  minutes: number | null;
}

/**
 * One resident at the hall kiosk, in memory only: the masks are made at
 * sign-in and the raw identity is never kept. Ends on `session.end` or idle.
 */
export interface HallSession {
  sessionId: string;
  residentKey: string;
  household: string | null;
  resident: HallSessionView['resident'];
  binding: { state: HallSessionView['binding']['state']; opId: string | null; cardKey: string | null };
  service: ServiceState | null;
  history: HallSessionView['history'];
  family: HallSessionView['family'];
  approvals: HallSessionView['approvals'];
  ticket: HallSessionView['ticket'];
  notice: HallNotice | null;
}

/** Who tapped: a resident known by residentKey, and the card they used (RFID only). */
export interface Tap {
  residentKey: string;
  cardKey: string | null;
}

export function serviceView(service: ServiceState | null): HallSessionView['service'] {
  if (!service) return null;
  const { state, serviceType, startedAt, endTaps, minutes } = service;
  return { state, serviceType, startedAt, endTaps: { ...endTaps }, minutes };
}
