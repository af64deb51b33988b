import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { cardKey, type EventEnvelope } from '@yaofang/shared';
import { DEFAULT_WASTE_RULES, type WasteRules } from '@yaofang/shared/waste';
import { ReferenceCentral } from '../central-sim/central.ts';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, REPO_ROOT, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { scanForPii } from '../harness/pii-scan.ts';

const STATION = 'WASTE-E2E';
const RESIDENT_KEY = 'd'.repeat(64);
const BIN_GRAMS = 10_000;
const OFFSET_MIN = DEFAULT_WASTE_RULES.timezoneOffsetMinutes;

/** Local HH:MM at the rules' UTC offset, `deltaMin` from now, clamped to the day. */
function localClock(deltaMin: number): string {
  const local = new Date(Date.now() + (OFFSET_MIN + deltaMin) * 60_000);
  const minutes = Math.min(24 * 60, Math.max(0, local.getUTCHours() * 60 + local.getUTCMinutes()));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Rules where kitchen waste is open now (a window around the present minute) or closed now. */
function rules(version: number, kitchenOpen: boolean): WasteRules {
  const nowLocal = localClock(0);
  const window = kitchenOpen
    ? {
        from: nowLocal === '00:00' ? '00:00' : localClock(-30),
        to: localClock(30) === nowLocal ? '24:00' : localClock(30),
      }
    : nowLocal >= '00:05'
      ? { from: '00:00', to: localClock(-2) }
      : { from: '12:00', to: '13:00' };
  const { kitchen } = DEFAULT_WASTE_RULES.categories;
  return {
    ...DEFAULT_WASTE_RULES,
    version,
    categories: { ...DEFAULT_WASTE_RULES.categories, kitchen: { ...kitchen, windows: [window] } },
  };
}

describe('waste station end to end: real agent, simulated devices on ptys, Mosquitto, reference central, Chromium', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  let browser: BrowserHandle;
  let tap: MqttClient;
  /** Every payload on every topic of this station, both directions. */
  const payloads: string[] = [];
  const applied: EventEnvelope[] = [];

  const query = <T>(sql: string): T[] => {
    const db = new Database(station.databaseFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };

  async function publishRules(version: number, kitchenOpen: boolean): Promise<void> {
    await central.publishRules(rules(version, kitchenOpen), { station: STATION, version });
    await waitFor(
      () =>
        query<{ version: number }>("SELECT version FROM sync_documents WHERE kind = 'rules'")[0]?.version ===
        version,
      `rules v${version} stored by the agent`,
    );
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-waste-e2e-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'central-waste-e2e',
      dataFile: join(dir, 'central.sqlite'),
    });
    central.enableWasteLedger();
    central.onApplied((_station, envelope) => applied.push(envelope));
    await central.start();
    tap = await mqtt.connectAsync(broker.url, { clientId: 'waste-e2e-tap' });
    tap.on('message', (_topic, payload) => payloads.push(payload.toString('utf8')));
    await tap.subscribeAsync('yf/v1/#', { qos: 1 });
    station = await SimulatedStation.start({
      dir: join(dir, 'station'),
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
      devices: ['em4100', 'scale', 'bin', 'printer'],
      binCategories: ['kitchen', 'recyclable'],
      logToFile: true,
    });
    station.scale!.setGrams(BIN_GRAMS);
    await publishRules(5, true);
    const binding = {
      cardKey: cardKey(station.districtKey(), DEMO_CARDS[0]),
      residentKey: RESIDENT_KEY,
      household: 'HH-000311',
      kind: 'resident' as const,
    };
    await waitFor(async () => {
      await central.publishCards(STATION, [binding]);
      return query<{ n: number }>('SELECT count(*) AS n FROM card_bindings')[0]!.n === 1;
    }, 'the card binding stored by the agent');
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

  it('kitchen waste inside its window, recyclables after it: screens, central ledger and printed receipt agree', async () => {
    const page = await browser.context.newPage();
    await page.goto(station.agent!.kioskUrl);
    await page.getByTestId('attract').waitFor();
    await page.getByTestId('status-kitchen').waitFor();

    // 1. Kitchen waste, 1.25 kg, inside the window.
    station.reader.tap(DEMO_CARDS[0]);
    await page.getByTestId('waste-choose').waitFor();
    await page.getByTestId('category-kitchen').click();
    await page.getByTestId('waste-drop').waitFor({ timeout: 20_000 });
    expect(station.bin!.model.compartment(0).lid).toBe('open');
    station.scale!.setGrams(BIN_GRAMS + 1250);
    await page.getByTestId('waste-done').click();
    await page.getByTestId('waste-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-weight').textContent()).toBe('1.25 千克');
    expect(await page.getByTestId('result-points').textContent()).toBe('2');
    await page.screenshot({ path: join(REPO_ROOT, 'test/artifacts/screens/e2e-waste-kitchen-result.png') });

    await page.getByTestId('receipt-print').click();
    const receipt = await waitFor(
      () => station.printer!.receipts().find((r) => r.cut !== null),
      'the printed receipt',
    );
    const text = receipt.items.flatMap((item) => (item.type === 'text' ? [item.text] : []));
    const qr = receipt.items.flatMap((item) => (item.type === 'qr' ? [item.payload] : []));
    expect(text.join('\n')).toContain('1.25 千克');
    expect(text.join('\n')).toContain('+2 积分');
    await page.getByTestId('waste-finish').click();
    await page.getByTestId('attract').waitFor();

    // 2. The kitchen window closes; recyclables (all day) still take 2.00 kg.
    await publishRules(6, false);
    station.reader.tap(DEMO_CARDS[0]);
    await page.getByTestId('waste-choose').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('category-kitchen').isDisabled()).toBe(true);
    await page.getByTestId('category-recyclable').click();
    await page.getByTestId('waste-drop').waitFor({ timeout: 20_000 });
    station.scale!.setGrams(BIN_GRAMS + 1250 + 2000);
    await page.getByTestId('waste-done').click();
    await page.getByTestId('waste-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('result-weight').textContent()).toBe('2.00 千克');
    expect(await page.getByTestId('result-points').textContent()).toBe('10');
    await page.screenshot({
      path: join(REPO_ROOT, 'test/artifacts/screens/e2e-waste-recyclable-result.png'),
    });
    await page.getByTestId('waste-finish').click();

    // The reference central's ledger holds exactly those two drops.
    const drops = await waitFor(() => {
      const found = central.wasteLedger().drops[STATION] ?? [];
      return found.length === 2 ? found : null;
    }, 'two drops in the central ledger');
    expect(drops.map((d) => [d.category, d.netGrams, d.creditedPoints])).toEqual([
      ['kitchen', 1250, 2],
      ['recyclable', 2000, 10],
    ]);
    const kitchenDrop = applied.find((e) => e.type === 'waste.deposited' && e.data.category === 'kitchen')!;
    expect(qr).toEqual([`yf:drop:${String(kitchenDrop.data.dropId)}`]);
  });

  it('no MQTT payload, log line or database row holds the card UID or an ID number', async () => {
    await station.stopAgent();
    const logText = station.logText();
    expect(logText).toContain('agent ready'); // the scan below really read the agent's log
    expect(payloads.some((p) => p.includes('waste.deposited'))).toBe(true);
    const hits = scanForPii({
      forbidden: [DEMO_CARDS[0]],
      mqttPayloads: payloads,
      logText,
      sqliteFiles: [station.databaseFile],
    });
    expect(hits).toEqual([]);
  });
});
