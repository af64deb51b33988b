import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDeck } from '@yaofang/firmware-bridge';
import { maskIdNumber, maskName } from '@yaofang/shared';
import { timebankDepositSchema } from '@yaofang/shared/timebank';
import { waitFor } from '../harness/free-port.ts';
import { CARD_RESIDENT_KEY, CARD_UID, HallStationRig } from './hall-station-rig.ts';

const STATION = 'HALL-01';
const VOLUNTEER = syntheticDeck()[0]!.identity as { name: string; idNumber: string };

describe('the self-service hall: ID card → kiosk → time bank and tickets → central', () => {
  let rig: HallStationRig;

  beforeAll(async () => {
    rig = await HallStationRig.start(STATION);
    await rig.publishCard();
    await rig.connectKiosk();
  }, 60_000);

  afterAll(async () => {
    await rig?.stop();
  });

  it('signs in with the ID card and shows only the masked name and number', async () => {
    rig.station.idcard!.present(0);
    const view = await rig.untilSession('an ID card session', (v) => v.resident.signedInWith === 'idcard');
    expect(view.resident).toEqual({
      signedInWith: 'idcard',
      maskedName: maskName(VOLUNTEER.name),
      maskedIdNumber: maskIdNumber(VOLUNTEER.idNumber),
      household: null,
    });
    // Lifted, so the next presentation is read again.
    rig.station.idcard!.remove();
  });

  it('prints a queue ticket with its QR code, and sends queue.ticket.issued', async () => {
    rig.kiosk!.send({ type: 'queue.take', service: 'social-security' });
    const view = await rig.untilSession('a ticket', (v) => v.ticket !== null);
    expect(view.ticket!.number).toBe('A001');
    const receipt = await waitFor(() => rig.station.printer!.receipts()[0], 'a printed ticket', 15_000);
    const qr = receipt.items.find((item) => item.type === 'qr');
    expect(qr?.type === 'qr' ? qr.payload : null).toMatch(
      /^yf:ticket:social-security:\d{4}-\d{2}-\d{2}:A001$/,
    );
    await waitFor(
      () => rig.applied.find((e) => e.type === 'queue.ticket.issued'),
      'the ticket event at the central',
    );
  });

  it('a 90-minute volunteer service: recipient taps, both tap at the end → a deposit of 90 minutes at the central', async () => {
    rig.kiosk!.send({ type: 'timebank.service.start', serviceType: 'mutual-help' });
    await rig.untilSession('waiting for the recipient', (v) => v.service?.state === 'waiting-recipient');
    rig.station.reader.tap(CARD_UID);
    await rig.untilSession('service in progress', (v) => v.service?.state === 'in-progress');
    rig.advanceClock(90 * 60_000); // ninety minutes pass on the agent's flow clock
    rig.kiosk!.send({ type: 'timebank.service.end' });
    await rig.untilSession('waiting for the end taps', (v) => v.service?.state === 'waiting-end-taps');
    // The recipient's card was in the field a moment ago: the reader counts a new presentation only
    // after it has been away (no frames) for a while, as a resident lifting it does.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    rig.station.reader.tap(CARD_UID);
    rig.station.idcard!.present(0);
    const done = await rig.untilSession('service submitted', (v) => v.service?.state === 'submitted');
    expect(done.service!.minutes).toBe(90);

    const envelope = await waitFor(
      () => rig.applied.find((e) => e.type === 'timebank.deposit.requested'),
      'the deposit at the central',
      15_000,
    );
    const deposit = timebankDepositSchema.parse(envelope.data);
    expect(deposit).toMatchObject({
      recipientKey: CARD_RESIDENT_KEY,
      serviceType: 'mutual-help',
      minutes: done.service!.minutes,
    });
    await rig.untilSession('the central accepted it', (v) => v.operations[0]?.status === 'accepted');
  });

  it('keeps the raw ID number and name out of the database, the logs and what the central got', () => {
    const rows = rig
      .query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .map(({ name }) => JSON.stringify(rig.query(`SELECT * FROM "${name}"`)))
      .join('\n');
    const sent = JSON.stringify(rig.applied);
    const logs = rig.station.agent!.process.output;
    for (const text of [rows, sent, logs]) {
      expect(text).not.toContain(VOLUNTEER.idNumber);
      expect(text).not.toContain(VOLUNTEER.name);
      expect(text).not.toContain(CARD_UID);
    }
  });
});
