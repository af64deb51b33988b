import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasteDepositedSchema } from '@yaofang/shared/waste';
import { waitFor } from '../harness/free-port.ts';
import { BIN_GROSS_GRAMS, CARD_UID, RESIDENT_KEY, WasteStationRig } from './waste-station-rig.ts';

const STATION = 'WASTE-CRASH-01';

describe('SIGKILL while the lid is open (dropping)', () => {
  let rig: WasteStationRig;

  beforeAll(async () => {
    rig = await WasteStationRig.start(STATION);
    rig.station.scale!.setGrams(BIN_GROSS_GRAMS);
    await rig.publishRulesAndCard();
    await rig.connectKiosk();
  });

  afterAll(async () => {
    await rig?.stop();
  });

  it('after the restart the agent closes the lid and the central gets exactly one drop, flagged recovered', async () => {
    const kiosk = rig.kiosk!;
    rig.station.reader.tap(CARD_UID);
    await kiosk.untilStep('choose-category');
    kiosk.send({ type: 'waste.choose', category: 'kitchen' });
    const dropping = await kiosk.untilStep('dropping');
    expect(rig.query('SELECT step, drop_id AS dropId FROM sessions')).toEqual([
      { step: 'dropping', dropId: expect.any(String) as unknown },
    ]);
    rig.station.scale!.setGrams(BIN_GROSS_GRAMS + 1250);

    const agent = rig.station.agent!;
    agent.process.kill('SIGKILL');
    expect((await agent.process.exited).signal).toBe('SIGKILL');
    await kiosk.close();
    expect(rig.station.bin!.model.compartment(0).lid).toBe('open');
    expect(rig.deposits()).toEqual([]);

    await rig.station.startAgent();
    const deposit = await waitFor(() => rig.deposits()[0], 'the recovered deposit at the central', 60_000);
    const data = wasteDepositedSchema.parse(deposit.data);
    expect(data).toMatchObject({
      sessionId: dropping.sessionId,
      residentKey: RESIDENT_KEY,
      category: 'kitchen',
      grossBeforeGrams: BIN_GROSS_GRAMS,
      grossAfterGrams: BIN_GROSS_GRAMS + 1250,
      netGrams: 1250,
      points: 2,
      recovered: true,
    });
    expect(rig.station.bin!.model.compartment(0).lid).toBe('closed');

    const kioskAfter = await rig.connectKiosk();
    const result = kioskAfter.session() ?? (await kioskAfter.untilStep('result'));
    expect(result.drops[0]).toMatchObject({ dropId: data.dropId, recovered: true });

    // Once more, and nothing is recorded twice.
    await rig.station.stopAgent();
    await rig.station.startAgent();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(rig.deposits()).toHaveLength(1);
    expect(rig.query('SELECT drop_id AS dropId, recovered FROM drops')).toEqual([
      { dropId: data.dropId, recovered: 1 },
    ]);
    expect(rig.query('SELECT amount FROM ledger')).toEqual([{ amount: 2 }]);
  });
});
