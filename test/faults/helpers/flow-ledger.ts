import { FLOW_RULES, type FlowStationRig } from './flow-station.ts';
import type { FlowRound } from './flow-rounds.ts';

/**
 * The ledger the central must end up with, computed by the test from what
 * each round did (the card, the bag's weight, the debit it asked for) and
 * from what the agent had committed when it was killed: after every round the
 * agent's new rows are checked against the round, one at most, and only then
 * counted.
 */

export interface DropRow {
  dropId: string;
  residentKey: string;
  category: string;
  grossBeforeGrams: number;
  grossAfterGrams: number;
  netGrams: number;
  points: number;
  outcome: string;
  recovered: number;
  outboxSeq: number;
}

export interface OperationRow {
  opId: string;
  residentKey: string;
  kind: string;
  minutes: number;
  outboxSeq: number;
  payload: string;
}

interface LedgerRow {
  residentKey: string;
  account: 'points' | 'minutes';
  amount: number;
  dropId: string | null;
  outboxSeq: number;
}

/** Waste steps after which a restart must finish the drop: the lid may have opened. */
const RECOVER_STEPS = ['opening', 'dropping', 'closing', 'weighing-after'];

/** What the dead agent's database held: the drop a restart must finish, the service left open. */
export interface AtKill {
  /** The waste session's step, or null without one. */
  wasteStep: string | null;
  /** The drop in flight the next start must record (recovered), if any. */
  recoverDropId: string | null;
  openServices: number;
}

export function atKill(rig: FlowStationRig): AtKill {
  const sessions = rig.query<{ step: string; dropId: string | null }>(
    "SELECT step, drop_id AS dropId FROM sessions WHERE flow = 'waste-drop' ORDER BY started_at",
  );
  const session = sessions.at(-1);
  return {
    wasteStep: session?.step ?? null,
    recoverDropId: session && RECOVER_STEPS.includes(session.step) && session.dropId ? session.dropId : null,
    openServices: openServiceCount(rig),
  };
}

/** Waste sessions the agent still has to finish after a restart. */
export function pendingRecoveries(rig: FlowStationRig): number {
  const marks = RECOVER_STEPS.map(() => '?').join(', ');
  return rig.query<{ n: number }>(
    `SELECT count(*) AS n FROM sessions WHERE step IN (${marks}) AND drop_id IS NOT NULL`,
    ...RECOVER_STEPS,
  )[0]!.n;
}

function openServiceCount(rig: FlowStationRig): number {
  return rig.query<{ n: number }>('SELECT count(*) AS n FROM timebank_services WHERE ended_at IS NULL')[0]!.n;
}

/** Kitchen points as the published rules give them: 10 per kg, floored; under 50 g nothing. */
export function expectedPoints(netGrams: number): number {
  const kitchen = FLOW_RULES.categories.kitchen;
  if (netGrams < kitchen.minNetGrams || netGrams > kitchen.maxNetGrams) return 0;
  const milli = netGrams * kitchen.pointsPerKg;
  return (milli - (milli % 1000)) / 1000;
}

export class ExpectedLedger {
  readonly points = new Map<string, number>();
  /** Minutes per resident at the central: a transfer moves them to the relative. */
  readonly minutes = new Map<string, number>();
  /** Minutes per resident in the agent's ledger, which holds only the signed-in resident's side. */
  private readonly agentMinutes = new Map<string, number>();
  readonly totals = { deposited: 0, withdrawn: 0, donated: 0 };
  readonly dropIds = new Set<string>();
  readonly opIds = new Set<string>();
  private ledgerRows = 0;

  constructor(private readonly rig: FlowStationRig) {}

  minutesOf(residentKey: string): number {
    return this.minutes.get(residentKey) ?? 0;
  }

  /**
   * Check the rows the agent committed since the last round against what this
   * round did, and count them. Returns what became of the round, for the summary.
   */
  account(round: FlowRound, killed: AtKill): string {
    const drops = this.rig
      .query<DropRow>(
        `SELECT drop_id AS dropId, resident_key AS residentKey, category, gross_before_grams AS grossBeforeGrams,
           gross_after_grams AS grossAfterGrams, net_grams AS netGrams, points, outcome, recovered,
           outbox_seq AS outboxSeq FROM drops ORDER BY outbox_seq`,
      )
      .filter((row) => !this.dropIds.has(row.dropId));
    const operations = this.rig
      .query<OperationRow>(
        `SELECT h.op_id AS opId, h.resident_key AS residentKey, h.kind, h.minutes, h.outbox_seq AS outboxSeq,
           o.payload FROM hall_operations h JOIN outbox o ON o.seq = h.outbox_seq ORDER BY h.outbox_seq`,
      )
      .filter((row) => !this.opIds.has(row.opId));
    const context = `round ${JSON.stringify(round)}, at the kill ${JSON.stringify(killed)}`;
    const fail = (what: string, rows: unknown = { drops, operations }) => {
      throw new Error(`${what}\n${context}\nnew rows: ${JSON.stringify(rows)}`);
    };
    if (drops.length + operations.length > 1) fail('more than one new row for one round');
    if (round.type === 'waste' ? operations.length > 0 : drops.length > 0)
      fail('a row of the other flow appeared');
    const services = openServiceCount(this.rig);
    if (services > 1) fail(`${services} volunteer services open at once`);

    let outcome: string;
    if (round.type === 'waste') {
      const drop = drops[0];
      if (killed.recoverDropId && drop?.dropId !== killed.recoverDropId)
        fail('the drop interrupted with the lid possibly open was not recorded once by the restart');
      if (round.sawResult && !drop) fail('the kiosk showed a result that the database does not hold');
      outcome = drop ? this.countDrop(round, drop, killed, fail) : 'nothing';
    } else {
      const operation = operations[0];
      const saw = round.type === 'debit' ? round.sawRecorded : round.sawSubmitted;
      if (saw && !operation) fail('the kiosk showed an operation that the database does not hold');
      outcome = operation ? this.countOperation(round, operation, fail) : 'nothing';
      if (round.type === 'service' && !operation && services === 1) outcome = 'service open';
    }
    this.checkLedgerRows(fail);
    return outcome;
  }

  private countDrop(
    round: Extract<FlowRound, { type: 'waste' }>,
    drop: DropRow,
    killed: AtKill,
    fail: (what: string) => never,
  ): string {
    const netGrams = round.placed ? round.netGrams : 0;
    const want = {
      residentKey: round.card.residentKey,
      category: 'kitchen',
      grossBeforeGrams: round.grossBeforeGrams,
      grossAfterGrams: round.grossBeforeGrams + netGrams,
      netGrams,
      points: expectedPoints(netGrams),
      recovered: killed.recoverDropId === drop.dropId ? 1 : 0,
    };
    const got = Object.fromEntries(Object.keys(want).map((key) => [key, drop[key as keyof DropRow]]));
    if (JSON.stringify(got) !== JSON.stringify(want))
      fail(`the drop differs from what the round did: want ${JSON.stringify(want)}`);
    this.dropIds.add(drop.dropId);
    this.add(this.points, drop.residentKey, drop.points);
    if (drop.points > 0) this.ledgerRows++;
    return drop.recovered ? 'drop recovered' : 'drop recorded';
  }

  private countOperation(
    round: Exclude<FlowRound, { type: 'waste' }>,
    operation: OperationRow,
    fail: (what: string) => never,
  ): string {
    const data = (JSON.parse(operation.payload) as { data: Record<string, unknown> }).data;
    if (round.type === 'service') {
      const service = this.rig.query<{ startedAt: number; endedAt: number }>(
        'SELECT started_at AS startedAt, ended_at AS endedAt FROM timebank_services WHERE op_id = ?',
        operation.opId,
      )[0];
      if (!service) fail('a deposit without the service it closed');
      const served = Math.floor((service.endedAt - service.startedAt) / 60_000);
      const bound = Math.floor((this.rig.flowNow() - service.startedAt) / 60_000);
      const ok =
        operation.kind === 'deposit' &&
        operation.residentKey === round.volunteerKey &&
        operation.minutes === served &&
        served >= round.minutes &&
        served <= bound &&
        data.volunteerKey === round.volunteerKey;
      if (!ok) fail(`the deposit is not the service's ${round.minutes}+ minutes (${served} served)`);
      this.add(this.minutes, round.volunteerKey, operation.minutes);
      this.add(this.agentMinutes, round.volunteerKey, operation.minutes);
      this.totals.deposited += operation.minutes;
    } else {
      const ok =
        operation.kind === round.kind &&
        operation.residentKey === round.residentKey &&
        operation.minutes === round.minutes &&
        (round.kind !== 'transfer' || data.toKey === round.toKey);
      if (!ok) fail('the operation differs from what the round asked for');
      this.add(this.minutes, round.residentKey, -round.minutes);
      this.add(this.agentMinutes, round.residentKey, -round.minutes);
      if (round.kind === 'transfer') this.add(this.minutes, round.toKey!, round.minutes);
      if (round.kind === 'withdraw') this.totals.withdrawn += round.minutes;
      if (round.kind === 'donate') this.totals.donated += round.minutes;
    }
    this.opIds.add(operation.opId);
    this.ledgerRows++;
    return `${operation.kind} recorded`;
  }

  /** The agent's ledger holds one entry per counted drop with points and per operation, none twice. */
  private checkLedgerRows(fail: (what: string, rows?: unknown) => never): void {
    const rows = this.rig.query<LedgerRow>(
      `SELECT resident_key AS residentKey, account, amount, drop_id AS dropId, outbox_seq AS outboxSeq
       FROM ledger ORDER BY outbox_seq`,
    );
    if (rows.length !== this.ledgerRows)
      fail(`the agent's ledger has ${rows.length} entries, ${this.ledgerRows} expected`, rows.slice(-3));
    for (const [account, expected] of [
      ['points', this.points],
      ['minutes', this.agentMinutes],
    ] as const) {
      const sums = new Map<string, number>();
      for (const row of rows) if (row.account === account) this.add(sums, row.residentKey, row.amount);
      for (const [key, amount] of expected)
        if ((sums.get(key) ?? 0) !== amount)
          fail(`the agent's ${account} of ${key.slice(0, 8)} are ${sums.get(key) ?? 0}, ${amount} expected`);
    }
  }

  private add(map: Map<string, number>, key: string, amount: number): void {
    map.set(key, (map.get(key) ?? 0) + amount);
  }
}
