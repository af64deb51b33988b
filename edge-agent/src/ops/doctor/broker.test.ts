import { createServer, type Server, type Socket } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@yaofang/shared';
import { startMosquitto, type MosquittoBroker } from '../../../../test/harness/mosquitto.ts';
import { freePort } from '../../../../test/harness/free-port.ts';
import { configSchema, type AgentConfig } from '../../config/schema.ts';
import { checkBroker, probeBroker } from './broker.ts';
import { checkClock } from './clock.ts';

let broker: MosquittoBroker | null = null;
let silent: Server | null = null;
const silentSockets = new Set<Socket>();
beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => {
  await broker?.dispose();
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
});

const configFor = (url: string, stationId = 'GL-DOC-1'): AgentConfig =>
  configSchema.parse({ stationId, role: 'waste', districtKeyFile: '/k', mqtt: { url } });

describe('doctor: broker', () => {
  it('a real Mosquitto accepts the CONNECT: ok', async () => {
    const url = broker!.url;
    const probe = await probeBroker(configFor(url), { timeoutMs: 2000, retainedWaitMs: 100 });
    expect(probe).toEqual({ status: 'connected', references: [] });
    expect(checkBroker(url, probe)).toEqual({
      status: 'ok',
      check: 'broker',
      detail: `${url} accepted an MQTT CONNECT`,
    });
  });

  it('a port with nothing listening fails with "connection refused" and what to check', async () => {
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const result = checkBroker(url, await probeBroker(configFor(url), { timeoutMs: 2000 }));
    expect(result).toEqual({
      status: 'fail',
      check: 'broker',
      detail: `${url}: nothing listens on 127.0.0.1:${port} (connection refused): check mqtt.url's port and that the broker runs`,
    });
  });

  it('a TCP port that never answers MQTT fails after the timeout, asking whether it is an MQTT port', async () => {
    // Accepts TCP and reads, but never speaks MQTT.
    silent = createServer((socket) => {
      silentSockets.add(socket);
      socket.resume();
    });
    const port = await new Promise<number>((resolve) =>
      silent!.listen(0, '127.0.0.1', () => resolve((silent!.address() as { port: number }).port)),
    );
    const url = `mqtt://edge:s3cret@127.0.0.1:${port}`;
    const result = checkBroker(
      url,
      await probeBroker(configFor(url), { timeoutMs: 500, retainedWaitMs: 50 }),
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toMatch(/answers TCP but MQTT CONNECT failed .*is this an MQTT port\?/);
    expect(result.detail).toContain('mqtt://edge:***@127.0.0.1');
    expect(result.detail).not.toContain('s3cret');
  });

  it("a retained signed document issued after this machine's 'now' shows the clock is behind", async () => {
    const url = broker!.url;
    const issuedAt = new Date(Date.now() + 3_600_000).toISOString();
    const publisher = await mqtt.connectAsync(url, { clientId: 'doctor-test-central' });
    try {
      const document = { payload: JSON.stringify({ version: 7, issuedAt }), sig: 'AAAA' };
      await publisher.publishAsync(topics.sync('GL-DOC-2', 'rules'), JSON.stringify(document), {
        qos: 1,
        retain: true,
      });
    } finally {
      await publisher.endAsync();
    }
    const probe = await probeBroker(configFor(url, 'GL-DOC-2'), { timeoutMs: 2000, retainedWaitMs: 300 });
    if (probe.status !== 'connected') throw new Error(`probe: ${probe.status}`);
    expect(probe.references).toEqual([
      { source: `retained yf/v1/GL-DOC-2/sync/rules issued ${issuedAt}`, notBeforeMs: Date.parse(issuedAt) },
    ]);
    const clock = checkClock({ nowMs: Date.now(), references: probe.references, toleranceSeconds: 300 });
    expect(clock.status).toBe('fail');
    expect(clock.detail).toMatch(/the clock is at least 3\d{3} s behind .*timedatectl set-ntp true/);
  });
});
