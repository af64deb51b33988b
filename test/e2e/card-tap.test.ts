import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { cardKey, eventEnvelopeSchema, type EventEnvelope } from '@yaofang/shared';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, REPO_ROOT, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'E2E-01';

describe('a card tap travels simulator → pty → driver → SQLite → broker, and → screen', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let station: SimulatedStation;
  let browser: BrowserHandle;
  let subscriber: MqttClient;
  const received: Array<{ topic: string; envelope: EventEnvelope; raw: string }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-e2e-'));
    broker = await startMosquitto();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'e2e-subscriber' });
    subscriber.on('message', (topic, payload) => {
      const raw = payload.toString('utf8');
      received.push({ topic, envelope: eventEnvelopeSchema.parse(JSON.parse(raw)), raw });
    });
    await subscriber.subscribeAsync(`yf/v1/${STATION}/evt/#`, { qos: 1 });
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await subscriber?.endAsync(true);
    await station?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tapping "Tap card 1" in the simulator panel shows the card on the kiosk and publishes seq 1', async () => {
    const kiosk = await browser.context.newPage();
    await kiosk.goto(station.agent!.kioskUrl);
    // The token moved from the URL into a cookie; the address bar no longer shows it.
    expect(kiosk.url()).not.toContain('token=');
    await kiosk.getByTestId('attract').waitFor();

    const panel = await browser.context.newPage();
    await panel.goto(station.panelUrl);
    await panel.getByTestId('reader:Tap card 1').click();

    await kiosk.getByTestId('card-seen').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('card-seq').textContent()).toBe('1');
    await kiosk.screenshot({ path: join(REPO_ROOT, 'test/artifacts/card-tap-kiosk.png') });

    const message = await waitFor(() => received[0], 'the event at the broker');
    expect(message.topic).toBe(`yf/v1/${STATION}/evt/card.presented`);
    expect(message.envelope).toMatchObject({ v: 1, station: STATION, seq: 1, type: 'card.presented' });
    const expectedKey = cardKey(station.districtKey(), DEMO_CARDS[0]);
    expect(message.envelope.data).toEqual({ cardKey: expectedKey, reader: 'reader-1' });
    expect(message.raw).not.toContain(DEMO_CARDS[0]);
    expect(await kiosk.getByTestId('card-ref').textContent()).toBe(expectedKey.slice(0, 8));

    // One presentation is one event, however long the card stayed in the field.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(received).toHaveLength(1);
  });
});
