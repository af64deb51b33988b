import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasteDepositedSchema } from '@yaofang/shared/waste';
import { waitFor } from '../harness/free-port.ts';
import { BIN_GROSS_GRAMS, CARD_UID, HOUSEHOLD, RESIDENT_KEY, WasteStationRig } from './waste-station-rig.ts';

const STATION = 'WASTE-01';

describe('a waste drop: card → kiosk → scale and lid → SQLite → central', () => {
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

  it('greets the kiosk with the station: two compartments, kitchen open under the synced rules', async () => {
    const kiosk = rig.kiosk!;
    const station = await waitFor(
      () => kiosk.messages.findLast((m) => m.type === 'station'),
      'a station view',
    );
    if (station.type !== 'station') throw new Error('unreachable');
    expect(station.station.role).toBe('waste');
    expect(station.station.compartments.map((c) => [c.category, c.compartment])).toEqual([
      ['kitchen', 0],
      ['other', 1],
    ]);
    await waitFor(
      () =>
        kiosk.messages.findLast(
          (m) => m.type === 'station' && m.station.compartments[0]?.state.state === 'open',
        ),
      'kitchen open',
      70_000,
    );
  });

  it('credits 1.25 kg of kitchen waste once at the central, with the right weight and points', async () => {
    const kiosk = rig.kiosk!;
    rig.station.reader.tap(CARD_UID);
    const signedIn = await kiosk.untilStep('choose-category');
    expect(signedIn.household).toBe('H-***07');

    kiosk.send({ type: 'waste.choose', category: 'kitchen' });
    const dropping = await kiosk.untilStep('dropping');
    expect(dropping.closesAt).toBeGreaterThan(Date.now());
    expect(rig.station.bin!.model.compartment(0).lid).toBe('open');

    rig.station.scale!.setGrams(BIN_GROSS_GRAMS + 1250);
    kiosk.send({ type: 'waste.done' });
    const result = await kiosk.untilStep('result');
    expect(result.drops).toEqual([
      expect.objectContaining({ category: 'kitchen', netGrams: 1250, points: 2, outcome: 'credited' }),
    ]);
    expect(result.drops[0]!.balance.pending + result.drops[0]!.balance.confirmed).toBe(
      result.drops[0]!.balance.shown,
    );
    expect(rig.station.bin!.model.compartment(0).lid).toBe('closed');

    const [deposit] = await waitFor(
      () => rig.deposits().length > 0 && rig.deposits(),
      'the deposit at the central',
    );
    const data = wasteDepositedSchema.parse(deposit!.data);
    expect(data).toMatchObject({
      dropId: result.drops[0]!.dropId,
      residentKey: RESIDENT_KEY,
      household: HOUSEHOLD,
      category: 'kitchen',
      compartment: 0,
      grossBeforeGrams: BIN_GROSS_GRAMS,
      grossAfterGrams: BIN_GROSS_GRAMS + 1250,
      netGrams: 1250,
      points: 2,
      rulesVersion: 5,
      recovered: false,
    });
    // Every tap is still a card.presented event, before the flow's own.
    const types = rig.applied.map((envelope) => envelope.type);
    expect(types.indexOf('card.presented')).toBeLessThan(types.indexOf('waste.deposited'));

    await new Promise((resolve) => setTimeout(resolve, 1000)); // a duplicate would have arrived by now
    expect(rig.deposits()).toHaveLength(1);
    await waitFor(
      () =>
        rig.query<{ acked: number | null }>(
          "SELECT acked_at AS acked FROM outbox WHERE type = 'waste.deposited'",
        )[0]?.acked,
      'the deposit acked',
    );
    expect(rig.query('SELECT amount FROM ledger')).toEqual([{ amount: 2 }]);
  });

  it('prints the receipt on the printer, and ends the session on request', async () => {
    const kiosk = rig.kiosk!;
    const dropId = kiosk.session()!.drops[0]!.dropId;
    kiosk.send({ type: 'receipt.print', dropId });
    const receipt = await waitFor(() => rig.station.printer!.receipts()[0], 'a printed receipt', 15_000);
    const paper = JSON.stringify(receipt);
    expect(paper).toContain('1.25');
    expect(paper).not.toContain(RESIDENT_KEY);

    kiosk.send({ type: 'session.end', reason: 'finished' });
    await waitFor(() => kiosk.session() === null, 'the end of the session');
    expect(rig.query('SELECT * FROM sessions')).toEqual([]);
  });
});
