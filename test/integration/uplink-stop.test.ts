import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { fakeCardKey, startInProcessEdge } from '../harness/edge-in-process.ts';
import { waitFor } from '../harness/free-port.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A graceful stop right after events went out (a technician's restart, a
 * SIGTERM from systemd) closes the store after the uplink: nothing the uplink
 * scheduled may touch the store after that. It once did — the batched "sent"
 * marks' timer fired after close and the agent exited 1 instead of cleanly.
 */
describe('uplink stop', () => {
  let broker: MosquittoBroker;

  beforeAll(async () => {
    broker = await startMosquitto();
  });

  afterAll(async () => {
    await broker?.dispose();
  });

  it('leaves no timer behind that touches the store after it is closed', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      for (let round = 0; round < 8; round++) {
        const edge = startInProcessEdge(`STOP-0${round}`, broker.url);
        await waitFor(() => edge.uplink.status().connected, 'the uplink connected');
        for (let i = 1; i <= 200; i++)
          edge.outbox.appendNow('card.presented', { cardKey: fakeCardKey(i), reader: 'r' });
        edge.uplink.kick();
        // Stop while PUBACKs are still arriving, as a restart right after an action does.
        await sleep(2 + round * 3);
        await edge.stop();
        await sleep(400); // longer than the sent-mark batch and the status debounce
      }
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });
});
