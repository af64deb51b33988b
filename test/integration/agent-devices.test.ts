import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt, { type MqttClient } from 'mqtt';
import { syntheticDeck, toReadMessage } from '@yaofang/firmware-bridge';
import { maskIdNumber, type EventEnvelope } from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { ALL_STATION_DEVICES, SimulatedStation, STATION_DEVICE_IDS } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'DEV-01';

interface Telemetry {
  devices: Record<string, { kind: string; state: string }>;
}

describe('the real agent runs every simulated device and answers device commands', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  let subscriber: MqttClient;
  const applied: EventEnvelope[] = [];
  const telemetry: Telemetry[] = [];

  const commandResult = (id: string) =>
    waitFor(
      () => applied.find((e) => e.type === 'command.result' && e.data.commandId === id),
      `the result of command ${id}`,
      30_000,
    );
  const alarm = (deviceId: string, match: (data: Record<string, unknown>) => boolean, what: string) =>
    waitFor(
      () => applied.find((e) => e.type === 'device.alarm' && e.data.deviceId === deviceId && match(e.data)),
      what,
      40_000,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-devices-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({
      url: broker.url,
      clientId: 'central-devices',
      dataFile: join(dir, 'central.sqlite'),
    });
    central.onApplied((_station, envelope) => applied.push(envelope));
    await central.start();
    subscriber = await mqtt.connectAsync(broker.url, { clientId: 'devices-telemetry' });
    subscriber.on('message', (_topic, payload) =>
      telemetry.push(JSON.parse(payload.toString()) as Telemetry),
    );
    await subscriber.subscribeAsync(`yf/v1/${STATION}/tele`, { qos: 0 });
    station = await SimulatedStation.start({
      dir: join(dir, 'station'),
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
      devices: ALL_STATION_DEVICES,
      logToFile: true,
      telemetryIntervalSeconds: 5,
    });
  });

  afterAll(async () => {
    await subscriber?.endAsync(true);
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts all five devices and reports them connected in telemetry', async () => {
    const ids = Object.values(STATION_DEVICE_IDS).sort();
    const sample = await waitFor(
      () =>
        telemetry.find((t) => {
          const devices = Object.entries(t.devices);
          return devices.length === ids.length && devices.every(([, device]) => device.state === 'connected');
        }),
      'a telemetry sample with every device connected',
      30_000,
    );
    expect(Object.keys(sample.devices).sort()).toEqual(ids);
    expect(sample.devices['bin-1']).toMatchObject({ kind: 'bin-modbus', state: 'connected' });
  });

  it('opens compartment 0 on a signed bin.open and says so in the result event', async () => {
    const id = await central.issueCommand(STATION, 'bin.open', {
      compartment: 0,
      reason: 'integration test',
    });
    const result = await commandResult(id);
    expect(result.data).toMatchObject({
      name: 'bin.open',
      status: 'done',
      result: { compartment: 0, lid: 'open', category: 'kitchen' },
    });
    expect(station.bin!.model.compartment(0).lid).toBe('open');
    expect(station.bin!.model.compartment(1).lid).toBe('closed');
  });

  it('raises a device.alarm when the scale vanishes and a recovery when it returns, without a restart', async () => {
    const pid = station.agent!.process.child.pid;
    await station.unplug('scale');
    const down = await alarm('scale-1', (data) => data.state === 'disconnected', 'the scale alarm');
    expect(down.data).toMatchObject({ kind: 'scale', state: 'disconnected', recovered: false });

    await station.plug('scale');
    const up = await alarm('scale-1', (data) => data.recovered === true, 'the scale recovery');
    expect(up.data).toMatchObject({ state: 'connected', previous: 'disconnected' });
    expect(up.seq).toBeGreaterThan(down.seq);
    expect(station.agent!.process.running).toBe(true);
    expect(station.agent!.process.child.pid).toBe(pid);
  });

  it('resets the printer on device.reset, and refuses an unknown device by listing the known ones', async () => {
    const id = await central.issueCommand(STATION, 'device.reset', { deviceId: 'printer-1' });
    expect((await commandResult(id)).data).toMatchObject({
      status: 'done',
      result: { deviceId: 'printer-1', kind: 'printer-escpos', state: 'connected' },
    });
    const unknown = await central.issueCommand(STATION, 'device.reset', { deviceId: 'printer-9' });
    const refused = await commandResult(unknown);
    expect(refused.data).toMatchObject({ status: 'failed', code: 'handler-failed' });
    expect(refused.data.reason).toContain('known: reader-1, idcard-1, scale-1, printer-1, bin-1');
  });

  it('sends recent log lines on logs.request, with no raw ID number after an ID card was read', async () => {
    const idNumber = toReadMessage(syntheticDeck()[0]!.identity, true).idNumber;
    station.idcard!.present(0);
    await waitFor(() => station.logText().includes('ID card read'), 'the masked ID card notice', 20_000);

    const id = await central.issueCommand(STATION, 'logs.request', {});
    const result = await commandResult(id);
    expect(result.data).toMatchObject({ name: 'logs.request', status: 'done' });
    const lines = (result.data.result as { lines: string[] }).lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.includes('ID card read') && line.includes(maskIdNumber(idNumber)))).toBe(
      true,
    );
    expect(lines.filter((line) => line.includes(idNumber))).toEqual([]);
    expect(station.logText()).not.toContain(idNumber);
    expect(JSON.stringify(applied)).not.toContain(idNumber);
  });
});
