import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardKey, type EventEnvelope } from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';
import { AgentLog } from './helpers/agent-log.ts';

/**
 * The reader's serial port vanishes under the running agent (a USB adapter
 * pulled out) and comes back: the agent says so in its log and to the
 * central as `device.alarm` events, and reads cards again without a restart.
 */
const STATION = 'PTY-01';
const READER = 'reader-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface AlarmData {
  deviceId: string;
  state: string;
  previous: string | null;
  recovered: boolean;
  lastError: string | null;
}

describe('the reader pty removed and restored under the real agent', () => {
  let dir: string;
  let broker: MosquittoBroker | undefined;
  let central: ReferenceCentral | undefined;
  let station: SimulatedStation | undefined;
  let log: AgentLog;
  let agentPid: number | undefined;

  const events = (type: string): EventEnvelope[] =>
    central!
      .applied(STATION)
      .map((e) => e.envelope)
      .filter((e) => e.type === type);
  const alarms = () => events('device.alarm').map((e) => e.data as unknown as AlarmData);

  const tapAndAwait = async (uid: string): Promise<EventEnvelope> => {
    const already = events('card.presented').length;
    station!.reader.tap(uid);
    const event = await waitFor(
      () => events('card.presented')[already],
      `the card.presented of ${uid}`,
      20_000,
    );
    await sleep(1000); // the card leaves the field before anything else happens
    return event;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-pty-removal-'));
    broker = await startMosquitto();
    central = new ReferenceCentral({ url: broker.url, clientId: 'central-pty' });
    await central.start();
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    log = new AgentLog(station.agent!.process);
    agentPid = station.agent!.process.child.pid;
  });

  afterAll(async () => {
    log?.stop();
    await station?.stop(); // stops whichever pty pair is plugged in now
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a card before anything is pulled', async () => {
    const event = await tapAndAwait(DEMO_CARDS[0]);
    expect(event.data).toEqual({ cardKey: cardKey(station!.districtKey(), DEMO_CARDS[0]), reader: READER });
    expect(alarms()).toEqual([]);
  });

  it('logs the reader disconnected and, after the settle time, sends a device.alarm to the central', async () => {
    const from = log.mark();
    const pulledAt = Date.now();
    await station!.unplug('em4100'); // the socat pair goes: both ends see the port vanish
    const { line } = await log.next(
      from,
      (l) => l.msg === 'device health changed' && l.deviceId === READER && l.state === 'disconnected',
      'the reader disconnected',
      20_000,
    );
    expect(line.level).toBe(40);
    const alarm = await waitFor(
      () => alarms().find((a) => a.state === 'disconnected'),
      'a device.alarm at the central',
      20_000,
    );
    // The supervisor waits ~2 s before reporting, so a flapping cable is one alarm, not fifty.
    expect(Date.now() - pulledAt).toBeGreaterThanOrEqual(1900);
    expect(alarm).toMatchObject({
      deviceId: READER,
      state: 'disconnected',
      previous: 'connected',
      recovered: false,
    });
    expect(alarm.lastError, 'the alarm says what went wrong').toMatch(/\w/);
    expect(station!.agent!.process.running).toBe(true);
  });

  it('reads cards again once the port is back, without an agent restart, and reports the recovery', async () => {
    const from = log.mark();
    await station!.plug('em4100'); // a new pair at the same paths
    await log.next(
      from,
      (l) => l.msg === 'device health changed' && l.deviceId === READER && l.state === 'connected',
      'the reader connected again',
      30_000,
    );
    const recovered = await waitFor(
      () => alarms().find((a) => a.recovered),
      'the recovered device.alarm',
      20_000,
    );
    expect(recovered).toMatchObject({ deviceId: READER, state: 'connected', previous: 'disconnected' });
    // The simulator reopens its side by itself; give a tap until the reader is read again.
    const event = await waitFor(
      () => tapAndAwait(DEMO_CARDS[1]).catch(() => null),
      'a card read after the port came back',
      60_000,
    );
    expect(event.data).toEqual({ cardKey: cardKey(station!.districtKey(), DEMO_CARDS[1]), reader: READER });
    expect(station!.agent!.process.child.pid).toBe(agentPid);
    // One alarm for the outage and one for the recovery: no flapping in between.
    expect(alarms().map((a) => a.state)).toEqual(['disconnected', 'connected']);
    expect(central!.rejections).toEqual([]);
  });
});
