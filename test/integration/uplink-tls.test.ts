import { chmodSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { makeTestPki, type TestPki } from '../harness/certificates.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { fakeCardKey, startInProcessEdge, type InProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'TLS-01';

describe('uplink over TLS with client certificates made by openssl', () => {
  let pki: TestPki;
  let broker: MosquittoBroker;
  let url: string;
  let edge: InProcessEdge | null = null;
  let subscriber: MqttClient;
  const received: string[] = [];

  beforeAll(async () => {
    pki = makeTestPki();
    chmodSync(pki.dir, 0o755); // mosquitto drops to its own user and must read the broker key
    for (const file of [pki.serverKey, pki.serverCert, pki.caCert]) chmodSync(file, 0o644);
    broker = await startMosquitto({
      extraConfig: [
        `cafile ${pki.caCert}`,
        `certfile ${pki.serverCert}`,
        `keyfile ${pki.serverKey}`,
        'require_certificate true',
        'tls_version tlsv1.2',
      ],
    });
    url = broker.url.replace('mqtt://', 'mqtts://');
    subscriber = await mqtt.connectAsync(url, {
      clientId: 'tls-central',
      ca: pki.read(pki.caCert),
      cert: pki.read(pki.clientCert),
      key: pki.read(pki.clientKey),
    });
    subscriber.on('message', (_topic, payload) => received.push(payload.toString()));
    await subscriber.subscribeAsync(`yf/v1/${STATION}/evt/#`, { qos: 1 });
  });

  afterEach(async () => {
    await edge?.stop();
    edge = null;
  });

  afterAll(async () => {
    await subscriber?.endAsync(true);
    await broker?.dispose();
    pki?.dispose();
  });

  it('connects with the district CA and a station certificate, and delivers events', async () => {
    edge = startInProcessEdge(STATION, url, {
      tls: { ca: pki.read(pki.caCert), cert: pki.read(pki.clientCert), key: pki.read(pki.clientKey) },
    });
    edge.outbox.appendNow('card.presented', { cardKey: fakeCardKey(1), reader: 'r' });
    edge.uplink.kick();
    await waitFor(() => received.length === 1, 'the event over TLS');
    expect(JSON.parse(received[0]!)).toMatchObject({ seq: 1, station: STATION });
  });

  it('is refused without a client certificate', async () => {
    edge = startInProcessEdge('TLS-02', url, { tls: { ca: pki.read(pki.caCert) } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(edge.uplink.isConnected()).toBe(false);
    expect(edge.uplink.status().lastError).toBeTruthy();
  });

  it('is refused with a certificate from a CA the broker does not trust', async () => {
    edge = startInProcessEdge('TLS-03', url, {
      tls: {
        ca: pki.read(pki.caCert),
        cert: pki.read(pki.rogueClientCert),
        key: pki.read(pki.rogueClientKey),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(edge.uplink.isConnected()).toBe(false);
    expect(edge.uplink.status().lastError).toBeTruthy();
  });

  it('refuses a broker whose certificate is not from the configured CA', async () => {
    edge = startInProcessEdge('TLS-04', url, {
      tls: {
        ca: pki.read(pki.rogueClientCert),
        cert: pki.read(pki.clientCert),
        key: pki.read(pki.clientKey),
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(edge.uplink.isConnected()).toBe(false);
  });
});
