import { describe, expect, it } from 'vitest';
import { timebankAnswerSchema } from '@yaofang/shared/timebank';
import { ackResultSchema } from '@yaofang/shared/sync';
import { balanceOf, areFamily, isKnownResident } from '../timebank/ledger.ts';
import { TEST_RULES, depositOp, donateOp, transferOp, withdrawOp } from '../timebank/fixtures.ts';
import { hallConfig, type HallOptions } from './options.ts';
import {
  DAUGHTER,
  ELDER,
  FAMILIES,
  GRANDSON,
  NEIGHBOUR,
  bindEvent,
  card,
  hallEvent,
  operationEvent,
  resident,
} from './fixtures.ts';
import {
  QUEUE_TICKET_ISSUED,
  applyHallEvent,
  cardBindings,
  emptyHallState,
  type HallDecision,
  type HallEvent,
  type HallState,
} from './state.ts';

const STATION = 'HALL-01';

function setup(options: HallOptions = {}) {
  const config = hallConfig({ rules: TEST_RULES, families: FAMILIES, ...options });
  let state: HallState = emptyHallState(config);
  const apply = (event: HallEvent, station = STATION): HallDecision => {
    const decision = applyHallEvent(config, state, event, station);
    state = decision.state;
    return decision;
  };
  return { config, apply, state: () => state };
}

describe('hall state: time-bank events', () => {
  it('answers an accepted deposit with applied and the answer as data, and names the balance to publish', () => {
    const hall = setup();
    const operation = depositOp(resident(1), 90, { recipientKey: ELDER });
    const { verdict, effects } = hall.apply(operationEvent(operation));
    expect(verdict).toEqual({
      status: 'applied',
      data: { opId: operation.data.opId, status: 'accepted', balanceAfter: 90 },
    });
    expect(timebankAnswerSchema.parse(verdict.data)).toEqual(verdict.data);
    expect(effects).toEqual({ balances: [resident(1)], cards: false });
    expect(balanceOf(hall.state().timebank, resident(1))).toBe(90);
  });

  it('rejects an overdraft with the reason code first in the reason and the answer as data; nothing to publish', () => {
    const hall = setup();
    hall.apply(operationEvent(depositOp(resident(1), 30, { recipientKey: ELDER })));
    const operation = withdrawOp(resident(1), 120);
    const { verdict, effects } = hall.apply(operationEvent(operation));
    expect(verdict).toMatchObject({
      status: 'rejected',
      reason: expect.stringMatching(/^overdraft: only 90 minutes/) as string,
      data: { opId: operation.data.opId, status: 'rejected', reasonCode: 'overdraft', balanceAfter: 30 },
    });
    expect(effects).toEqual({ balances: [], cards: false });
    // The ack result format carries reason and data on a rejection.
    expect(ackResultSchema.safeParse({ id: operation.data.opId, seq: 2, ...verdict }).success).toBe(true);
  });

  it('publishes both balances of a transfer between family members', () => {
    const hall = setup({ residents: [ELDER, DAUGHTER] });
    hall.apply(operationEvent(depositOp(DAUGHTER, 120, { recipientKey: ELDER })));
    const { verdict, effects } = hall.apply(operationEvent(transferOp(DAUGHTER, ELDER, 60)));
    expect(verdict.status).toBe('applied');
    expect(effects.balances).toEqual([DAUGHTER, ELDER]);
    expect(balanceOf(hall.state().timebank, ELDER)).toBe(60);
  });

  it('refuses a transfer to a resident not bound as family', () => {
    const hall = setup();
    hall.apply(operationEvent(depositOp(resident(1), 120, { recipientKey: ELDER })));
    const { verdict } = hall.apply(operationEvent(transferOp(resident(1), NEIGHBOUR, 30)));
    expect(verdict).toMatchObject({ status: 'rejected', data: { reasonCode: 'not-family' } });
  });

  it('registers residents on first sight by default, and only the configured ones when `residents` is given', () => {
    const open = setup();
    expect(open.config.registerOnFirstSight).toBe(true);
    expect(open.apply(operationEvent(donateOp(resident(7), 30))).verdict.status).toBe('applied');
    expect(isKnownResident(open.state().timebank, resident(7))).toBe(true);

    const closed = setup({ residents: [resident(1)] });
    expect(closed.config.registerOnFirstSight).toBe(false);
    const { verdict } = closed.apply(
      operationEvent(depositOp(resident(1), 60, { recipientKey: resident(8) })),
    );
    expect(verdict).toMatchObject({ status: 'rejected', data: { reasonCode: 'unknown-resident' } });
    // Family members are registered and bound from the options.
    expect(isKnownResident(closed.state().timebank, GRANDSON)).toBe(true);
    expect(areFamily(closed.state().timebank, ELDER, GRANDSON)).toBe(true);
  });

  it('answers a retried opId (a new event) with the first answer marked duplicate; nothing moves again', () => {
    const hall = setup();
    const operation = depositOp(resident(1), 60, { recipientKey: ELDER });
    hall.apply(operationEvent(operation));
    const { verdict } = hall.apply(operationEvent(operation));
    expect(verdict).toMatchObject({ status: 'applied', data: { reasonCode: 'duplicate', balanceAfter: 60 } });
    expect(balanceOf(hall.state().timebank, resident(1))).toBe(60);
    expect(hall.state().operations.map((recorded) => recorded.replayed)).toEqual([false, true]);
  });

  it('rejects invalid time-bank data naming the field, and records nothing', () => {
    const hall = setup();
    const { data } = withdrawOp(resident(1), 30);
    const { verdict } = hall.apply(hallEvent('timebank.withdraw.requested', { ...data, minutes: 1.5 }));
    expect(verdict).toEqual({
      status: 'rejected',
      reason:
        'invalid timebank.withdraw.requested data: data.minutes: use whole minutes, e.g. 90 rather than 1.5',
    });
    expect(hall.state().operations).toEqual([]);
  });
});

describe('hall state: card binding', () => {
  it('binds a free card and asks for the cards document', () => {
    const hall = setup();
    const event = bindEvent(ELDER, card(1));
    const { verdict, effects } = hall.apply(event);
    expect(verdict).toEqual({
      status: 'applied',
      data: { opId: event.data.opId, cardKey: card(1), residentKey: ELDER, status: 'bound' },
    });
    expect(effects).toEqual({ balances: [], cards: true });
    expect(cardBindings(hall.config, hall.state())).toEqual([
      { cardKey: card(1), residentKey: ELDER, household: null, kind: 'resident' },
    ]);
  });

  it('refuses a card bound to someone else with reason card-already-bound', () => {
    const hall = setup();
    hall.apply(bindEvent(ELDER, card(1)));
    const event = bindEvent(NEIGHBOUR, card(1));
    const { verdict, effects } = hall.apply(event);
    expect(verdict).toEqual({
      status: 'rejected',
      reason: 'card-already-bound',
      data: { opId: event.data.opId, cardKey: card(1), status: 'rejected', reasonCode: 'card-already-bound' },
    });
    expect(effects.cards).toBe(false);
    expect(hall.state().bindings.get(card(1))?.residentKey).toBe(ELDER);
  });

  it('refuses a technician card from the options; takes the household of the resident’s configured card', () => {
    const hall = setup({
      cards: [
        { cardKey: card(9), residentKey: null, household: null, kind: 'technician' },
        { cardKey: card(2), residentKey: ELDER, household: 'hh-0021', kind: 'resident' },
      ],
    });
    expect(hall.apply(bindEvent(ELDER, card(9))).verdict).toMatchObject({ reason: 'card-already-bound' });
    expect(hall.apply(bindEvent(ELDER, card(3))).verdict.status).toBe('applied');
    expect(cardBindings(hall.config, hall.state())).toEqual([
      { cardKey: card(9), residentKey: null, household: null, kind: 'technician' },
      { cardKey: card(2), residentKey: ELDER, household: 'hh-0021', kind: 'resident' },
      { cardKey: card(3), residentKey: ELDER, household: 'hh-0021', kind: 'resident' },
    ]);
  });

  it('binding the same card to the same resident again is applied and publishes the document again', () => {
    const hall = setup();
    hall.apply(bindEvent(ELDER, card(1)));
    const { verdict, effects } = hall.apply(bindEvent(ELDER, card(1)));
    expect(verdict.status).toBe('applied');
    expect(effects.cards).toBe(true);
    expect(hall.state().bindings.size).toBe(1);
  });

  it('rejects a bind request carrying a raw UID instead of a cardKey', () => {
    const hall = setup();
    const { verdict } = hall.apply(
      hallEvent('card.bind.requested', {
        opId: crypto.randomUUID(),
        residentKey: ELDER,
        cardKey: '04A1B2C3',
      }),
    );
    expect(verdict).toMatchObject({
      status: 'rejected',
      reason: expect.stringContaining(
        'cardKey: use the cardKey (64 lowercase hex digits), never the raw UID',
      ) as string,
    });
  });
});

describe('hall state: queue tickets and other events', () => {
  it('records a queue ticket as applied', () => {
    const hall = setup();
    const ticket = {
      service: 'general',
      day: '2025-03-01',
      number: 'A012',
      issuedAt: '2025-03-01T09:00:00+08:00',
    };
    const event = hallEvent(QUEUE_TICKET_ISSUED, ticket);
    expect(hall.apply(event, 'HALL-02')).toEqual({
      state: hall.state(),
      verdict: { status: 'applied' },
      effects: { balances: [], cards: false },
    });
    expect(hall.state().tickets).toEqual([
      { eventId: event.id, station: 'HALL-02', at: event.ts, data: ticket },
    ]);
  });

  it('leaves events of other types alone', () => {
    const hall = setup();
    const before = hall.state();
    expect(hall.apply(hallEvent('bin.state', { compartment: 0 })).verdict).toEqual({ status: 'applied' });
    expect(hall.state()).toBe(before);
  });
});

describe('hall options', () => {
  it('refuses a family label that is not masked, naming the option', () => {
    expect(() =>
      hallConfig({
        families: [
          {
            members: [
              { residentKey: ELDER, label: '家属 张三' },
              { residentKey: DAUGHTER, label: '家属 李*' },
            ],
          },
        ],
      }),
    ).toThrow('enableHall options: families.0.members.0.label: use a masked label such as "家属 张*"');
  });

  it('accepts the masked forms 家属 张*, 张*三 and 张*', () => {
    const members = ['家属 张*', '张*三', '张*'].map((label, n) => ({
      residentKey: resident(n + 40),
      label,
    }));
    expect(hallConfig({ families: [{ members }] }).families[0]?.members).toHaveLength(3);
  });

  it('refuses a raw ID number as a resident', () => {
    expect(() => hallConfig({ residents: ['999999197001010011'] })).toThrow(
      /residents\.0: use a residentKey/,
    );
  });
});
