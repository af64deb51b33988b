import { z } from 'zod';
import { firstIssue, type CardBinding } from '@yaofang/shared/sync';
import {
  TIMEBANK_EVENT_TYPES,
  parseTimebankOperation,
  type TimebankAnswer,
  type TimebankEventType,
  type TimebankOperation,
} from '@yaofang/shared/timebank';
import {
  bindFamily,
  emptyTimebankLedger,
  registerResidents,
  type TimebankLedger,
} from '../timebank/ledger.ts';
import { applyTimebankOperation } from '../timebank/rules.ts';
import type { HallConfig } from './options.ts';

/**
 * The reference central's self-service-hall state, as a pure value (like
 * `timebank/ledger.ts` and `waste/state.ts`): the time-bank ledger, the card
 * bindings confirmed at the central and the queue tickets issued. Every
 * change returns a new state; the wiring (`hall.ts`) rebuilds it from the
 * applied events after a restart by deciding them again in order.
 */

export const CARD_BIND_REQUESTED = 'card.bind.requested';
export const QUEUE_TICKET_ISSUED = 'queue.ticket.issued';
export const HALL_EVENT_TYPES: readonly string[] = [
  ...TIMEBANK_EVENT_TYPES,
  CARD_BIND_REQUESTED,
  QUEUE_TICKET_ISSUED,
];

/** `card.bind.requested` data: a resident signed in with the ID card asks to bind an RFID card. */
export const cardBindRequestSchema = z.object({
  opId: z.string().uuid('use the UUID created on the terminal for this binding'),
  residentKey: z.string().regex(/^[0-9a-f]{64}$/, 'use the residentKey (64 lowercase hex digits)'),
  cardKey: z.string().regex(/^[0-9a-f]{64}$/, 'use the cardKey (64 lowercase hex digits), never the raw UID'),
});
export type CardBindRequest = z.infer<typeof cardBindRequestSchema>;

/** The verdict on one hall event. StationLedger records and acks `data` on every status. */
export type HallVerdict =
  | { status: 'applied'; data?: Record<string, unknown> }
  | { status: 'rejected'; reason: string; data?: Record<string, unknown> };

/** What the wiring does once the event is applied (after the station's ack is out). */
export interface HallEffects {
  /** Residents whose minutes balance to publish to the station. */
  balances: string[];
  /** Publish the station's cards document again. */
  cards: boolean;
}

export interface RecordedOperation {
  eventId: string;
  station: string;
  /** The event's time at the terminal. */
  at: string;
  operation: TimebankOperation;
  answer: TimebankAnswer;
  /** The opId was decided before: nothing moved this time. */
  replayed: boolean;
}

export interface RecordedBinding extends CardBinding {
  residentKey: string;
  opId: string;
  eventId: string;
  station: string;
  at: string;
}

export interface RecordedTicket {
  eventId: string;
  station: string;
  at: string;
  data: Record<string, unknown>;
}

export interface HallState {
  readonly timebank: TimebankLedger;
  /** Every time-bank operation decided, in applied order. */
  readonly operations: readonly RecordedOperation[];
  /** Cards bound at a terminal and confirmed here, by cardKey, in applied order. */
  readonly bindings: ReadonlyMap<string, RecordedBinding>;
  readonly tickets: readonly RecordedTicket[];
}

/** The event as the hall sees it: what the envelope carries. */
export interface HallEvent {
  id: string;
  type: string;
  ts: string;
  data: Record<string, unknown>;
}

export interface HallDecision {
  state: HallState;
  verdict: HallVerdict;
  effects: HallEffects;
}

const NO_EFFECTS: HallEffects = { balances: [], cards: false };

/** The configured residents registered and the configured families bound. */
export function emptyHallState(config: HallConfig): HallState {
  const members = config.families.flatMap((family) => family.members.map((member) => member.residentKey));
  let timebank = registerResidents(emptyTimebankLedger(), [...config.residents, ...members]);
  for (const family of config.families)
    for (const [i, a] of family.members.entries())
      for (const b of family.members.slice(i + 1)) {
        const bound = bindFamily(timebank, a.residentKey, b.residentKey);
        if (!bound.ok) throw new TypeError(`enableHall options: families: ${bound.error}`);
        timebank = bound.value;
      }
  return { timebank, operations: [], bindings: new Map(), tickets: [] };
}

export function isHallEvent(type: string): boolean {
  return HALL_EVENT_TYPES.includes(type);
}

/** Decides one hall event; an event of another type is applied unchanged. */
export function applyHallEvent(
  config: HallConfig,
  state: HallState,
  event: HallEvent,
  station: string,
): HallDecision {
  if ((TIMEBANK_EVENT_TYPES as readonly string[]).includes(event.type))
    return applyTimebankEvent(config, state, event, station);
  if (event.type === CARD_BIND_REQUESTED) return applyCardBind(config, state, event, station);
  if (event.type === QUEUE_TICKET_ISSUED) {
    const ticket: RecordedTicket = { eventId: event.id, station, at: event.ts, data: event.data };
    return {
      state: { ...state, tickets: [...state.tickets, ticket] },
      verdict: { status: 'applied' },
      effects: NO_EFFECTS,
    };
  }
  return { state, verdict: { status: 'applied' }, effects: NO_EFFECTS };
}

/** The residents an operation names. */
export function residentsOf(operation: TimebankOperation): string[] {
  switch (operation.type) {
    case 'timebank.deposit.requested':
      return [operation.data.volunteerKey, operation.data.recipientKey];
    case 'timebank.withdraw.requested':
    case 'timebank.donate.requested':
      return [operation.data.residentKey];
    case 'timebank.transfer.requested':
      return [operation.data.fromKey, operation.data.toKey];
  }
}

/** The residents whose balance an accepted operation changes. */
export function residentsMoved(operation: TimebankOperation): string[] {
  return operation.type === 'timebank.deposit.requested'
    ? [operation.data.volunteerKey]
    : residentsOf(operation);
}

/**
 * Accepted → `applied` with data = the answer; rejected → `rejected` with
 * reason `"{reasonCode}: {words}"` and data = the answer, so the terminal
 * reads the code from `data.reasonCode`. Never `adjusted`: an operation is
 * all or nothing.
 */
function applyTimebankEvent(
  config: HallConfig,
  state: HallState,
  event: HallEvent,
  station: string,
): HallDecision {
  const parsed = parseTimebankOperation({ type: event.type as TimebankEventType, data: event.data });
  if (!parsed.ok)
    return {
      state,
      verdict: { status: 'rejected', reason: `invalid ${event.type} data: ${parsed.error[0] ?? 'invalid'}` },
      effects: NO_EFFECTS,
    };
  const operation = parsed.value;
  const ledger = config.registerOnFirstSight
    ? registerResidents(state.timebank, residentsOf(operation))
    : state.timebank;
  const decision = applyTimebankOperation(config.rules, ledger, operation);
  const { answer } = decision;
  const recorded: RecordedOperation = {
    eventId: event.id,
    station,
    at: event.ts,
    operation,
    answer,
    replayed: decision.replayed,
  };
  const next: HallState = {
    ...state,
    timebank: decision.ledger,
    operations: [...state.operations, recorded],
  };
  if (answer.status === 'accepted')
    return {
      state: next,
      verdict: { status: 'applied', data: { ...answer } },
      effects: { balances: residentsMoved(operation), cards: false },
    };
  return {
    state: next,
    verdict: {
      status: 'rejected',
      reason: `${answer.reasonCode}: ${answer.reason ?? 'refused by the time bank'}`,
      data: { ...answer },
    },
    effects: NO_EFFECTS,
  };
}

/** Every binding a station's cards document carries: the configured cards, then those bound at terminals. */
export function cardBindings(config: HallConfig, state: HallState): CardBinding[] {
  const configured = new Set(config.cards.map((card) => card.cardKey));
  const bound = [...state.bindings.values()]
    .filter((binding) => !configured.has(binding.cardKey))
    .map(({ cardKey, residentKey, household, kind }) => ({ cardKey, residentKey, household, kind }));
  return [...config.cards, ...bound];
}

/**
 * Binds the card unless it is bound to another resident (`card-already-bound`,
 * also for a technician card). Binding it again to the same resident is
 * applied and the cards document published again: the terminal may have
 * missed it. The binding takes the household of the resident's other cards.
 */
function applyCardBind(
  config: HallConfig,
  state: HallState,
  event: HallEvent,
  station: string,
): HallDecision {
  const parsed = cardBindRequestSchema.safeParse(event.data);
  if (!parsed.success)
    return {
      state,
      verdict: {
        status: 'rejected',
        reason: `invalid ${CARD_BIND_REQUESTED} data: ${firstIssue(parsed.error)}`,
      },
      effects: NO_EFFECTS,
    };
  const { opId, residentKey, cardKey } = parsed.data;
  const all = cardBindings(config, state);
  const holder = all.find((binding) => binding.cardKey === cardKey);
  if (holder && (holder.kind !== 'resident' || holder.residentKey !== residentKey))
    return {
      state,
      verdict: {
        status: 'rejected',
        reason: 'card-already-bound',
        data: { opId, cardKey, status: 'rejected', reasonCode: 'card-already-bound' },
      },
      effects: NO_EFFECTS,
    };
  const data = { opId, cardKey, residentKey, status: 'bound' };
  if (holder) return { state, verdict: { status: 'applied', data }, effects: { balances: [], cards: true } };
  const household = all.find((binding) => binding.residentKey === residentKey)?.household ?? null;
  const binding: RecordedBinding = {
    cardKey,
    residentKey,
    household,
    kind: 'resident',
    opId,
    eventId: event.id,
    station,
    at: event.ts,
  };
  return {
    state: { ...state, bindings: new Map(state.bindings).set(cardKey, binding) },
    verdict: { status: 'applied', data },
    effects: { balances: [], cards: true },
  };
}
