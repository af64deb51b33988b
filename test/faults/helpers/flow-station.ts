import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { syntheticDeck } from '@yaofang/firmware-bridge';
import { cardKey, residentKey } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES, type WasteRules } from '@yaofang/shared/waste';
import { DEMO_CARDS } from '../../harness/station.ts';
import { StationRig, startStationRig, type StationRigParts } from '../../integration/station-rig.ts';

/**
 * A station of role `both` for the flow SIGKILL rounds: real Mosquitto, the
 * reference central with the waste ledger and the hall (time bank) on, the
 * real agent with the reader, ID card reader, scale, bin and printer
 * simulators, the agent's flow clock on a file the test moves forward, and
 * the residents the rounds act as.
 */

/** An RFID card and the resident the central bound it to. */
export interface CardResident {
  uid: string;
  residentKey: string;
  household: string | null;
}

/** Waste residents tap these RFID cards; the recipient of a volunteer service taps the last. */
export const WASTE_CARDS: readonly CardResident[] = [
  { uid: DEMO_CARDS[0], residentKey: 'e'.repeat(64), household: 'HH-000301' },
  { uid: DEMO_CARDS[1], residentKey: '7'.repeat(64), household: 'HH-000302' },
];
export const RECIPIENT_CARD: CardResident = {
  uid: DEMO_CARDS[2],
  residentKey: '8'.repeat(64),
  household: null,
};

/** The ID cards (deck indexes) of the two time-bank residents, family of each other at the central. */
export const VOLUNTEER_DECK = 0;
export const RELATIVE_DECK = 1;

/** Kitchen waste open all day at 10 points/kg, and a cap no round reaches: every point is the test's to predict. */
export const FLOW_RULES: WasteRules = {
  ...DEFAULT_WASTE_RULES,
  version: 7,
  categories: {
    ...DEFAULT_WASTE_RULES.categories,
    kitchen: { ...DEFAULT_WASTE_RULES.categories.kitchen, pointsPerKg: 10, windows: [] },
  },
  dailyCapPointsPerHousehold: 1_000_000,
};

const clockFileOf = (dir: string) => join(dir, 'clock-offset-ms');

export class FlowStationRig extends StationRig {
  private clockOffsetMs = 0;

  private constructor(
    parts: StationRigParts,
    /** residentKey of an ID card resident, by deck index. */
    readonly idCardResident: (deckIndex: number) => string,
  ) {
    super(parts);
  }

  static async start(stationId: string): Promise<FlowStationRig> {
    // The district key is ours before the agent's first start, so the central can know the ID card residents.
    const districtKey = randomBytes(32);
    const deck = syntheticDeck();
    const idCardResident = (index: number) =>
      residentKey(districtKey, (deck[index]!.identity as { idNumber: string }).idNumber);
    const parts = await startStationRig({
      stationId,
      dirPrefix: 'yf-flow-kill-',
      devices: ['em4100', 'idcard', 'scale', 'bin', 'printer'],
      role: 'both',
      prepareStation: (stationDir) =>
        writeFileSync(join(stationDir, 'district.key'), `${districtKey.toString('hex')}\n`, { mode: 0o600 }),
      configureCentral: (central) => {
        central.enableWasteLedger({ rules: FLOW_RULES });
        central.enableHall({
          families: [
            {
              members: [
                { residentKey: idCardResident(VOLUNTEER_DECK), label: '家属 甲*' },
                { residentKey: idCardResident(RELATIVE_DECK), label: '家属 乙*' },
              ],
            },
          ],
        });
      },
      agentEnv: (dir) => {
        writeFileSync(clockFileOf(dir), '0');
        return { YF_TEST_CLOCK_FILE: clockFileOf(dir) };
      },
    });
    const rig = new FlowStationRig(parts, idCardResident);
    await rig.connectKiosk();
    return rig;
  }

  /** Start the agent (optionally armed with failpoints) and connect the kiosk's WebSocket. */
  async startAgent(failpoint?: string): Promise<void> {
    await this.kiosk?.close();
    this.kiosk = null;
    await this.station.startAgent({ failpoint, env: { YF_TEST_CLOCK_FILE: clockFileOf(this.dir) } });
    await this.connectKiosk();
  }

  /** SIGKILL the agent (if it still runs) and wait until it is gone. */
  async killAgent(): Promise<void> {
    const agent = this.station.agent;
    if (!agent) return;
    agent.process.kill('SIGKILL');
    await agent.process.exited;
    this.station.agent = null;
    await this.kiosk?.close();
    this.kiosk = null;
  }

  /** The rules and every card binding, stored by the agent. */
  async publishRulesAndCards(): Promise<void> {
    await this.central.publishRules(FLOW_RULES, { station: this.stationId });
    const bindings = [...WASTE_CARDS, RECIPIENT_CARD].map((card) => ({
      cardKey: cardKey(this.station.districtKey(), card.uid),
      residentKey: card.residentKey,
      household: card.household,
      kind: 'resident' as const,
    }));
    await this.publishUntilStored(['rules', 'cards'], () =>
      this.central.publishCards(this.stationId, bindings),
    );
  }

  /** Move the agent's flow clock forward (YF_TEST_CLOCK_FILE). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
    writeFileSync(clockFileOf(this.dir), String(this.clockOffsetMs));
  }

  /** What the agent's flow clock reads now. */
  flowNow(): number {
    return Date.now() + this.clockOffsetMs;
  }

  uplinkConnected(): boolean {
    const last = this.kiosk?.messages.findLast((message) => message.type === 'uplink');
    return last?.type === 'uplink' && last.connected;
  }

  /**
   * `PRAGMA integrity_check` of the dead agent's database, opened read-write
   * as the next start will: WAL recovery runs first.
   */
  integrityCheck(): unknown {
    const db = new Database(this.station.databaseFile);
    try {
      return db.pragma('integrity_check', { simple: true });
    } finally {
      db.close();
    }
  }
}
