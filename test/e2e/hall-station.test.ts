import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { maskIdNumber, maskName, residentKey } from '@yaofang/shared';
import { syntheticDeck } from '@yaofang/firmware-bridge/idcard/deck';
import { ReferenceCentral } from '../central-sim/central.ts';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, REPO_ROOT, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { scanForPii } from '../harness/pii-scan.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';

const STATION = 'HALL-E2E';
const deck = syntheticDeck();
const volunteer = deck[0]!.identity as { name: string; idNumber: string };
const recipient = deck[1]!.identity as { name: string; idNumber: string };
const shot = (name: string) => join(REPO_ROOT, `test/artifacts/screens/e2e-hall-${name}.png`);

describe('self-service hall end to end: real agent, ID card + RFID + printer on ptys, Mosquitto, reference central, Chromium', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  let browser: BrowserHandle;
  let tap: MqttClient;
  let clockFile: string;
  const payloads: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-hall-e2e-'));
    clockFile = join(dir, 'clock-offset-ms');
    writeFileSync(clockFile, '0');
    broker = await startMosquitto();
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'central-hall-e2e',
      dataFile: join(dir, 'central.sqlite'),
    });
    central.enableHall();
    await central.start();
    tap = await mqtt.connectAsync(broker.url, { clientId: 'hall-e2e-tap' });
    tap.on('message', (_topic, payload) => payloads.push(payload.toString('utf8')));
    await tap.subscribeAsync('yf/v1/#', { qos: 1 });
    station = await SimulatedStation.start({
      dir: join(dir, 'station'),
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
      devices: ['em4100', 'idcard', 'printer'],
      role: 'hall',
      agentEnv: { YF_TEST_CLOCK_FILE: clockFile },
      logToFile: true,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await tap?.endAsync(true);
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A resident lifts a card and taps again; a tap within the reader's leave window is the same presentation. */
  const liftCard = () => new Promise((resolve) => setTimeout(resolve, 1500));

  /** Present an ID card until the reader has read it, then lift it (the reader needs that before the next read). */
  async function presentIdCard(index: number, until: () => Promise<unknown>): Promise<void> {
    station.idcard!.present(index);
    await until();
    station.idcard!.remove();
  }

  it('signs in by ID card, binds a card, signs in by it, records a 90-minute service, donates 30 minutes and prints a statement', async () => {
    const volunteerKey = residentKey(station.districtKey(), volunteer.idNumber);
    await central.publishBalances(STATION, [
      { residentKey: volunteerKey, account: 'points', balance: 120, asOf: new Date().toISOString() },
    ]);
    const page = await browser.context.newPage();
    await page.goto(station.agent!.kioskUrl);
    await page.getByTestId('attract').waitFor();

    // 1. ID card sign-in: only masked name and number on screen.
    await presentIdCard(0, () => page.getByTestId('hall-home-screen').waitFor({ timeout: 20_000 }));
    expect(await page.getByTestId('hall-name').textContent()).toContain(maskName(volunteer.name));
    expect(await page.getByTestId('hall-id').textContent()).toContain(maskIdNumber(volunteer.idNumber));
    await page.screenshot({ path: shot('signed-in') });

    // 2. Bind an RFID card: pending until the central confirms it.
    await page.getByTestId('tile-bind').click();
    await page.getByTestId('bind-waiting').waitFor();
    station.reader.tap(DEMO_CARDS[0]);
    await waitFor(
      () =>
        central
          .hall()
          .bindings()
          .some((b) => b.residentKey === volunteerKey),
      'the binding at the central',
    );
    await expect
      .poll(() => page.getByTestId('tile-bind').textContent(), { timeout: 15_000 })
      .toContain(zhCN.hall.bind.state.confirmed);
    await page.getByTestId('hall-finish').click();
    await page.getByTestId('attract').waitFor();

    // 3. Sign in again with that card; see the points. The reader repeats its frame while a card is in
    // the field, so the card must have been away for a moment to count as a new presentation.
    await liftCard();
    station.reader.tap(DEMO_CARDS[0]);
    await page.getByTestId('hall-home-screen').waitFor({ timeout: 20_000 });
    await page.getByTestId('tile-points').click();
    await expect.poll(() => page.getByTestId('account-balance-shown').textContent()).toBe('120');
    await page.getByTestId('hall-home').click();

    // 4. A 90-minute volunteer service for a second resident.
    await page.getByTestId('tile-timebank').click();
    await page.getByTestId('tb-record').click();
    await page.getByTestId('service-elderly-care').click();
    await page.getByTestId('service-prompt').waitFor();
    await presentIdCard(1, () =>
      expect.poll(() => page.getByTestId('service-elapsed').count(), { timeout: 20_000 }).toBeGreaterThan(0),
    );
    writeFileSync(clockFile, String(90 * 60_000)); // ninety minutes pass
    await page.getByTestId('service-end').click();
    await page.getByTestId('service-taps').waitFor(); // "请双方再次刷卡"
    await liftCard();
    station.reader.tap(DEMO_CARDS[0]); // the volunteer's end tap
    await expect
      .poll(() => page.getByTestId('tap-volunteer').getAttribute('data-tapped'), { timeout: 10_000 })
      .toBe('true');
    await presentIdCard(1, () => page.getByTestId('service-submitted').waitFor({ timeout: 20_000 })); // the recipient's
    await expect
      .poll(() => page.getByTestId('operations').textContent(), { timeout: 20_000 })
      .toContain('90');
    await waitFor(
      () => central.hall().minutes(volunteerKey) === 90,
      'the 90 minutes credited at the central',
    );
    await page.screenshot({ path: shot('service-confirmed') });

    // 5. Donate 30 minutes.
    await page.getByTestId('tb-donate').click();
    for (const key of '30') await page.getByTestId(`osk-${key}`).click();
    await page.locator('.osk-done').click();
    await waitFor(() => central.hall().minutes(volunteerKey) === 60, 'the donation applied at the central');

    // 6. A statement on the receipt printer with the right balances.
    await page.getByTestId('tb-statement').click();
    await expect
      .poll(() => page.getByTestId('account-balance-shown').textContent(), { timeout: 20_000 })
      .toBe('60');
    await page.getByTestId('print-receipt').click();
    const receipt = await waitFor(
      () => station.printer!.receipts().find((r) => r.cut !== null),
      'the printed statement',
    );
    const text = receipt.items.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
    expect(text).toContain('60');
    await page.screenshot({ path: shot('statement') });
  });

  it('no MQTT payload, log line or database row holds a synthetic name, ID number or card UID', async () => {
    await station.stopAgent();
    const logText = station.logText();
    expect(logText).toContain('agent ready');
    const hits = scanForPii({
      forbidden: [volunteer.name, volunteer.idNumber, recipient.name, recipient.idNumber, DEMO_CARDS[0]],
      mqttPayloads: payloads,
      logText,
      sqliteFiles: [station.databaseFile],
    });
    expect(hits).toEqual([]);
  });
});
