import { cardKey, uuidv7 } from '@yaofang/shared';
import type { TimebankOperation } from '@yaofang/shared/timebank';
import { resident } from '../timebank/fixtures.ts';
import type { HallApproval, HallFamily } from './options.ts';
import { CARD_BIND_REQUESTED, type HallEvent } from './state.ts';

/** Synthetic hall data: residents are `resident(n)` of the time-bank fixtures; no names, masked labels only. */

export { resident };

const DISTRICT_KEY = new TextEncoder().encode('synthetic district key for tests');

/** The cardKey of synthetic card `n`. */
export const card = (n: number): string => cardKey(DISTRICT_KEY, `SYNTHETIC-${n}`);

export const ELDER = resident(21);
export const DAUGHTER = resident(22);
export const GRANDSON = resident(23);
export const NEIGHBOUR = resident(24);

/** One family of three: the elder sees the others as 家属 李* and 家属 王*. */
export const FAMILIES: HallFamily[] = [
  {
    members: [
      { residentKey: ELDER, label: '家属 张*' },
      { residentKey: DAUGHTER, label: '家属 李*' },
      { residentKey: GRANDSON, label: '家属 王*' },
    ],
  },
];

export const APPROVALS: HallApproval[] = [
  {
    applicationNo: 'SQ-2025-0001',
    residentKey: ELDER,
    title: '高龄津贴申领',
    status: '审批中',
    updatedAt: '2025-03-01T09:00:00+08:00',
  },
  {
    applicationNo: 'SQ-2025-0002',
    residentKey: ELDER,
    title: '居家养老服务补贴',
    status: '已办结',
    updatedAt: '2025-03-05T10:30:00+08:00',
  },
  {
    applicationNo: 'SQ-2025-0003',
    residentKey: NEIGHBOUR,
    title: '居住证明',
    status: '已受理',
    updatedAt: '2025-03-02T08:15:00+08:00',
  },
];

let clock = Date.parse('2025-03-01T01:00:00.000Z');

/** A hall event as an envelope carries it, with a fresh id and a later ts each time. */
export function hallEvent(type: string, data: Record<string, unknown>): HallEvent {
  clock += 60_000;
  return { id: uuidv7(clock), type, ts: new Date(clock).toISOString(), data };
}

export const operationEvent = (operation: TimebankOperation): HallEvent =>
  hallEvent(operation.type, { ...operation.data });

export const bindEvent = (residentKey: string, cardKeyValue: string, opId = uuidv7()): HallEvent =>
  hallEvent(CARD_BIND_REQUESTED, { opId, residentKey, cardKey: cardKeyValue });
