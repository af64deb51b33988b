import { cardKey, type EventEnvelope } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES } from '@yaofang/shared/waste';
import { DEMO_CARDS } from '../harness/station.ts';
import { StationRig, startStationRig, type StationRigParts } from './station-rig.ts';

export { KioskSocket } from './station-rig.ts';

/**
 * A waste station for the waste-flow integration suites: real Mosquitto, the
 * reference central trusted by the station, the real agent with the EM4100
 * reader, scale, bin and printer simulators, the rules and one resident's
 * card published by the central, and a kiosk WebSocket on the agent's /ws.
 */

export const RESIDENT_KEY = 'c'.repeat(64);
export const HOUSEHOLD = 'HH-000207';
export const CARD_UID = DEMO_CARDS[0];
/** The scale carries the bin and what is already in it. */
export const BIN_GROSS_GRAMS = 10_000;

export class WasteStationRig extends StationRig {
  readonly applied: EventEnvelope[] = [];

  private constructor(parts: StationRigParts) {
    super(parts);
    this.central.onApplied((_station, envelope) => this.applied.push(envelope));
  }

  static async start(stationId: string): Promise<WasteStationRig> {
    return new WasteStationRig(
      await startStationRig({
        stationId,
        dirPrefix: 'yf-waste-',
        devices: ['em4100', 'scale', 'bin', 'printer'],
      }),
    );
  }

  /** Kitchen waste open all day (so the test does not depend on the hour), and the resident's card. */
  async publishRulesAndCard(): Promise<void> {
    const { kitchen } = DEFAULT_WASTE_RULES.categories;
    await this.central.publishRules(
      {
        ...DEFAULT_WASTE_RULES,
        version: 5,
        categories: { ...DEFAULT_WASTE_RULES.categories, kitchen: { ...kitchen, windows: [] } },
      },
      { station: this.stationId },
    );
    const binding = {
      cardKey: cardKey(this.station.districtKey(), CARD_UID),
      residentKey: RESIDENT_KEY,
      household: HOUSEHOLD,
      kind: 'resident' as const,
    };
    await this.publishUntilStored(['rules', 'cards'], () =>
      this.central.publishCards(this.stationId, [binding]),
    );
  }

  deposits(): EventEnvelope[] {
    return this.applied.filter((envelope) => envelope.type === 'waste.deposited');
  }
}
