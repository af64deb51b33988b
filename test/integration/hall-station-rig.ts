import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cardKey, type EventEnvelope, type HallSessionView } from '@yaofang/shared';
import { DEMO_CARDS } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { StationRig, startStationRig, type StationRigParts } from './station-rig.ts';

/**
 * A hall station for the hall-flow integration suite: real Mosquitto, the
 * reference central trusted by the station, the real agent (role `hall`)
 * with the EM4100 reader, the ID card reader and the printer simulators, a
 * resident's RFID card published by the central, and a kiosk WebSocket.
 */

export const CARD_RESIDENT_KEY = 'd'.repeat(64);
export const CARD_UID = DEMO_CARDS[0];

export class HallStationRig extends StationRig {
  readonly applied: EventEnvelope[] = [];

  private constructor(parts: StationRigParts) {
    super(parts);
    this.central.onApplied((_station, envelope) => this.applied.push(envelope));
  }

  static async start(stationId: string): Promise<HallStationRig> {
    return new HallStationRig(
      await startStationRig({
        stationId,
        dirPrefix: 'yf-hall-',
        devices: ['em4100', 'idcard', 'printer'],
        role: 'hall',
        agentEnv: (dir) => {
          writeFileSync(join(dir, 'clock-offset-ms'), '0');
          return { YF_TEST_CLOCK_FILE: join(dir, 'clock-offset-ms') };
        },
      }),
    );
  }

  /** The resident's RFID card, bound by the central (re-published until the agent stored it). */
  async publishCard(): Promise<void> {
    const binding = {
      cardKey: cardKey(this.station.districtKey(), CARD_UID),
      residentKey: CARD_RESIDENT_KEY,
      household: null,
      kind: 'resident' as const,
    };
    await this.publishUntilStored(['cards'], () => this.central.publishCards(this.stationId, [binding]));
  }

  /** Move the agent's flow clock forward (YF_TEST_CLOCK_FILE): a long service in a short test. */
  advanceClock(ms: number): void {
    writeFileSync(join(this.dir, 'clock-offset-ms'), String(ms));
  }

  untilSession(
    what: string,
    probe: (view: HallSessionView) => boolean,
    timeoutMs = 20_000,
  ): Promise<HallSessionView> {
    return waitFor(
      () => {
        const view = this.hallSession();
        return view && probe(view) ? view : null;
      },
      what,
      timeoutMs,
    );
  }
}
