import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, envelopeHash } from '@yaofang/shared';
import { waitFor } from '../harness/free-port.ts';
import { ExpectedLedger, atKill, pendingRecoveries, type AtKill } from './helpers/flow-ledger.ts';
import { KILL_PHASES, RoundControl, RoundKilled, driveRound, type FlowRound } from './helpers/flow-rounds.ts';
import { FlowStationRig, RELATIVE_DECK, VOLUNTEER_DECK, WASTE_CARDS } from './helpers/flow-station.ts';
import { Prng, seedFrom } from './helpers/prng.ts';

/**
 * SIGKILL of the real agent at random points during waste drops and
 * time-bank operations on a station of role `both`, one data directory for
 * every round. A round is a drop (tap, kitchen, bag on the scale, 完成), a
 * debit (withdraw, donate or transfer to the family member) or a volunteer
 * service (start, recipient taps, 120 minutes on the flow clock, both tap);
 * the kill comes after a random delay, at a random phase plus a random
 * jitter, or from a failpoint right after the flow's commit. Sometimes the
 * restart that finishes an interrupted drop is killed too.
 *
 * After every round: `integrity_check` ok, and the agent's new rows are
 * exactly what the round did (at most one; a drop interrupted with the lid
 * possibly open is recorded once by the restart, flagged recovered). At the
 * end the reference central holds every event once in seq order with the
 * chain intact, and its points and minutes are the ledger the test computed.
 *
 * `YF_FLOW_KILL_ROUNDS` sets the count (the full fault profile runs 200),
 * `YF_FLOW_KILL_SEED` replays the plan of a failing run.
 */
const STATION = 'FLOW-KILL-01';
const ROUNDS = Number(process.env.YF_FLOW_KILL_ROUNDS ?? 20);
const SEED = seedFrom('YF_FLOW_KILL_SEED');
const FAILPOINTS = 'after-drop-commit,after-timebank-commit';
/** The scale carries the bin; it is emptied back to this when it gets heavy. */
const BIN_GROSS_GRAMS = 10_000;
const EMPTY_BIN_ABOVE_GRAMS = 40_000;
/** About how long a round's driver takes undisturbed: a delay kill falls in [0, this). */
const ROUND_MS: Record<FlowRound['type'], number> = { waste: 4_000, debit: 1_500, service: 5_000 };
/** A volunteer service in a round lasts this long on the agent's flow clock. */
const SERVICE_MINUTES = 120;

type KillMode =
  | { kind: 'delay'; fraction: number }
  | { kind: 'phase'; fraction: number; jitterMs: number }
  | { kind: 'failpoint'; jitterMs: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function drawKillMode(random: Prng): KillMode {
  const roll = random.next();
  // Squared: most jitters are short, so the moments right after a phase are hit often.
  const jitterMs = Math.floor(random.next() ** 2 * 400);
  if (roll < 0.4) return { kind: 'delay', fraction: random.next() };
  if (roll < 0.8) return { kind: 'phase', fraction: random.next(), jitterMs };
  return { kind: 'failpoint', jitterMs };
}

describe(`SIGKILL of the agent during waste drops and time-bank operations (${ROUNDS} rounds, seed ${SEED})`, () => {
  let rig: FlowStationRig;

  beforeAll(async () => {
    rig = await FlowStationRig.start(STATION);
    rig.station.scale!.setGrams(BIN_GROSS_GRAMS);
    await rig.publishRulesAndCards();
  }, 120_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it(
    'the central ends with the expected ledger: nothing lost, nothing doubled, integrity_check ok',
    async () => {
      expect(Number.isInteger(ROUNDS) && ROUNDS > 0, `YF_FLOW_KILL_ROUNDS=${ROUNDS}`).toBe(true);
      const random = new Prng(SEED);
      const modes = Array.from({ length: ROUNDS }, () => drawKillMode(random));
      const volunteer = rig.idCardResident(VOLUNTEER_DECK);
      const relative = rig.idCardResident(RELATIVE_DECK);
      const expected = new ExpectedLedger(rig);
      const summary = new Map<string, number>();
      const count = (key: string) => summary.set(key, (summary.get(key) ?? 0) + 1);
      let scaleGrams = BIN_GROSS_GRAMS;
      let armed = false;

      const service = (minutes: number): FlowRound => ({
        type: 'service',
        deck: VOLUNTEER_DECK,
        volunteerKey: volunteer,
        minutes,
        sawSubmitted: false,
      });
      /** A time-bank round the expected balances allow: never a debit the central would refuse. */
      const planHall = (): FlowRound => {
        const minutes = random.pick([30, 45, 60]);
        const able = [VOLUNTEER_DECK, RELATIVE_DECK].filter(
          (deck) => expected.minutesOf(rig.idCardResident(deck)) >= minutes,
        );
        if (able.length === 0 || random.chance(0.2)) return service(SERVICE_MINUTES);
        const deck = random.pick(able);
        const kind = random.pick(['withdraw', 'donate', 'transfer'] as const);
        return {
          type: 'debit',
          deck,
          residentKey: rig.idCardResident(deck),
          kind,
          minutes,
          toKey: kind === 'transfer' ? (deck === VOLUNTEER_DECK ? relative : volunteer) : null,
          sawRecorded: false,
        };
      };
      const plan = (): FlowRound =>
        random.chance(0.5)
          ? {
              type: 'waste',
              card: random.pick(WASTE_CARDS),
              grossBeforeGrams: scaleGrams,
              // Whole 10 g: the indicator's division (two kg decimals).
              netGrams: (20 + random.int(280)) * 10,
              placed: false,
              sawResult: false,
            }
          : planHall();

      const killAndCheck = async (label: string): Promise<AtKill> => {
        await rig.killAgent();
        rig.station.reader.remove();
        rig.station.idcard!.remove();
        expect(rig.integrityCheck(), label).toBe('ok');
        return atKill(rig);
      };

      /**
       * Start until no interrupted drop is left to finish (a failpoint may
       * kill the start that finishes it: then once more, unarmed).
       */
      const settle = async (arm: boolean) => {
        for (let attempt = 0; ; attempt++) {
          armed = arm && attempt === 0;
          await rig.startAgent(armed ? FAILPOINTS : undefined);
          const agent = rig.station.agent!;
          await waitFor(
            () => !agent.process.running || pendingRecoveries(rig) === 0,
            'the interrupted drop to be finished',
            60_000,
          );
          if (agent.process.running) return;
          count('failpoint hit by a recovery');
          await killAndCheck('after a failpoint in a recovery');
        }
      };

      // The volunteer starts with minutes to spend: one long service, not killed.
      const funding = service(600);
      await driveRound(new RoundControl(rig), rig, funding);
      expect(expected.account(funding, atKill(rig))).toBe('deposit recorded');
      // Each round starts on a fresh agent: no hall session that would take the next card tap.
      await rig.killAgent();
      await settle(modes[0]!.kind === 'failpoint');

      for (let n = 1; n <= ROUNDS; n++) {
        const mode = modes[n - 1]!;
        if ((mode.kind === 'failpoint') !== armed) {
          await rig.killAgent();
          await settle(mode.kind === 'failpoint');
        }
        const round = plan();
        const ctl = new RoundControl(rig);
        const agent = rig.station.agent!;
        let finished = false;
        const died = agent.process.exited.then(() => {
          ctl.killed = true;
        });
        const driving = driveRound(ctl, rig, round).then(
          () => null,
          (error: unknown) =>
            ctl.killed || error instanceof RoundKilled
              ? null
              : error instanceof Error
                ? error
                : new Error(String(error)),
        );
        void driving.finally(() => (finished = true));
        const chooseMoment = async () => {
          if (mode.kind === 'delay') {
            const delay = sleep(mode.fraction * ROUND_MS[round.type]);
            return Promise.race([delay, driving]);
          }
          if (mode.kind === 'phase') {
            const phases = KILL_PHASES[round.type];
            const phase = phases[Math.floor(mode.fraction * phases.length)]!;
            while (!finished && !ctl.has(phase)) await sleep(5);
          } else await driving;
          await sleep(mode.jitterMs);
        };
        await Promise.race([chooseMoment(), died]);
        const label = `round ${n} (${round.type}, ${JSON.stringify(mode)})`;
        const failed = (what: string, cause?: Error) =>
          new Error(`${label}: ${what}\nthe agent's last output:\n${agent.process.output.slice(-4_000)}`, {
            cause,
          });
        if (!agent.process.running) {
          const { code, signal } = await agent.process.exited;
          if (mode.kind !== 'failpoint' || signal !== 'SIGKILL')
            throw failed(`the agent died by itself (${signal ?? code})`);
          count('agent killed itself (failpoint)');
        }
        ctl.killed = true;
        const killed = await killAndCheck(label);
        const failure = await driving;
        if (failure) throw failed(failure.message, failure);
        count(`kill mode ${mode.kind}`);

        // Now and then the start that finishes an interrupted drop is killed too.
        if (killed.recoverDropId && random.chance(0.35)) {
          await rig.startAgent();
          await sleep(random.int(2_500));
          await killAndCheck(`${label}, killed again while recovering`);
          count('recovery killed');
        }
        const next = modes[n];
        await settle(next?.kind === 'failpoint');
        expect(rig.station.bin!.model.compartment(0).lid, `${label}: the lid after the restart`).toBe(
          'closed',
        );
        count(`${round.type}: ${expected.account(round, killed)}`);
        if (round.type === 'waste') count(`waste step at the kill: ${killed.wasteStep ?? 'none'}`);

        if (round.type === 'waste' && round.placed) scaleGrams += round.netGrams;
        if (scaleGrams > EMPTY_BIN_ABOVE_GRAMS) {
          scaleGrams = BIN_GROSS_GRAMS;
          rig.station.scale!.setGrams(scaleGrams);
          await sleep(1_200); // the indicator settles before the next drop weighs
        }
      }

      if (armed) {
        await rig.killAgent();
        await settle(false);
      }
      await checkCentral(rig, expected);
      console.info(
        `flow SIGKILL rounds (seed ${SEED}):\n${[...summary]
          .sort()
          .map(([key, n]) => `  ${key}: ${n}`)
          .join('\n')}`,
      );
    },
    ROUNDS * 15_000 + 180_000,
  );
});

/** Everything reaches the central once, in order, chained; its points and minutes are the expected ones. */
async function checkCentral(rig: FlowStationRig, expected: ExpectedLedger): Promise<void> {
  const { central, stationId } = rig;
  const outbox = rig.query<{ seq: number; id: string; payload: string }>(
    'SELECT seq, id, payload FROM outbox ORDER BY seq',
  );
  expect(outbox.map((row) => row.seq)).toEqual(outbox.map((_, i) => i + 1));
  outbox.forEach((row, i) => {
    const prev = i === 0 ? GENESIS_HASH : envelopeHash(outbox[i - 1]!.payload);
    expect((JSON.parse(row.payload) as { prev: string }).prev, `prev of seq ${row.seq}`).toBe(prev);
  });
  await waitFor(
    () => central.ledger(stationId).lastSeq >= outbox.length,
    `the central to apply all ${outbox.length} events`,
    120_000,
    100,
  );
  await waitFor(
    () => rig.query("SELECT 1 FROM hall_operations WHERE status = 'pending'").length === 0,
    'every time-bank operation answered at the agent',
    60_000,
    200,
  );
  await central.hall().settled();

  expect(central.rejections).toEqual([]);
  const applied = central.applied(stationId);
  expect(applied.map((event) => event.envelope.id)).toEqual(
    outbox.map((row) => row.id).slice(0, applied.length),
  );
  expect(applied.map((event) => event.envelope.seq)).toEqual(applied.map((_, i) => i + 1));

  const drops = central.wasteLedger().drops[stationId] ?? [];
  expect(drops.map((drop) => drop.dropId).sort()).toEqual([...expected.dropIds].sort());
  for (const drop of drops) expect(drop.creditedPoints, drop.dropId).toBe(drop.claimedPoints);
  const balances = central.wasteLedger().balances;
  for (const [residentKey, points] of expected.points)
    expect(balances[residentKey] ?? 0, `points of ${residentKey.slice(0, 8)}`).toBe(points);
  expect(Object.values(balances).reduce((sum, points) => sum + points, 0)).toBe(
    [...expected.points.values()].reduce((sum, points) => sum + points, 0),
  );

  const hall = central.hall().snapshot();
  const operations = hall.operations.filter((op) => op.station === stationId);
  expect(operations.map((op) => op.operation.data.opId).sort()).toEqual([...expected.opIds].sort());
  for (const op of operations) {
    expect(op.answer.status, op.operation.data.opId).toBe('accepted');
    expect(op.replayed).toBe(false);
  }
  for (const [residentKey, minutes] of expected.minutes)
    expect(central.hall().minutes(residentKey), `minutes of ${residentKey.slice(0, 8)}`).toBe(minutes);
  expect({
    deposited: hall.timebank.depositedTotal,
    withdrawn: hall.timebank.withdrawnTotal,
    donated: hall.timebank.communityPool,
  }).toEqual(expected.totals);
  expect(rig.query("SELECT 1 FROM hall_operations WHERE status <> 'accepted'")).toEqual([]);
}
