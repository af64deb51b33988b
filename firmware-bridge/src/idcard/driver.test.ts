import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLink } from '../transport/memory.ts';
import { syntheticDeck, type DeckCard } from './deck.ts';
import { IdCardDriver, type IdCardDriverOptions, type IdCardEvent } from './driver.ts';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.ts';

// Asymmetric matchers are typed any; wrapping them keeps the assertions lint-clean.
const like = (fields: object): unknown => expect.objectContaining(fields);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

// Driver against the simulator over an in-memory link, on fake timers: these
// tests are about timing (polls, timeouts, retries), so no test sleeps.

const stops: Array<() => Promise<void>> = [];

function setup(sim: IdCardSimulatorOptions = {}, options: IdCardDriverOptions = {}) {
  const link = createMemoryLink('idcard');
  const simulator = new IdCardSimulator(link.device, sim);
  const driver = new IdCardDriver(link.host, { pollIntervalMs: 100, ...options });
  const events: IdCardEvent[] = [];
  driver.onEvent((event) => events.push(event));
  simulator.start();
  driver.start();
  stops.push(
    () => driver.stop(),
    () => simulator.stop(),
  );
  const reads = () => events.filter((e) => e.type === 'idcard.read');
  const faults = () => events.flatMap((e) => (e.type === 'idcard.fault' ? [e.fault] : []));
  return { link, simulator, driver, events, reads, faults };
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  vi.useRealTimers();
});

describe('ID card driver', () => {
  it('reads a presented card once, and reads nothing more while it stays', async () => {
    const { simulator, reads, faults, driver } = setup();
    await advance(500);
    expect(reads()).toEqual([]);
    simulator.present(0);
    await advance(300);
    const deck = syntheticDeck();
    expect(reads()).toEqual([
      like({
        type: 'idcard.read',
        cardType: 'resident',
        name: '测试甲一',
        idNumber: (deck[0]!.identity as { idNumber: string }).idNumber,
        idNumberValid: true,
        identity: deck[0]!.identity,
      }),
    ]);
    await advance(2000);
    expect(reads()).toHaveLength(1);
    expect(simulator.requestCount('read-base')).toBe(1);
    expect(simulator.requestCount('find')).toBeGreaterThan(15);
    expect(faults()).toEqual([]);
    expect(driver.health()).toMatchObject({ state: 'connected', errorCount: 0 });
  });

  it('keeps no card data in its health record: received frames are headers only', async () => {
    const { simulator, driver, reads } = setup();
    simulator.present(0);
    await advance(300);
    expect(reads()).toHaveLength(1);
    const received = driver.health().recentFrames.filter((f) => f.dir === 'rx');
    expect(received.length).toBeGreaterThan(0);
    for (const frame of received) expect(frame.hex.split(' ').length).toBeLessThanOrEqual(10);
  });

  it('needs the card lifted before a new read, even from a reader that keeps finding it', async () => {
    const { simulator, reads } = setup({ liftRequired: false });
    simulator.present(1);
    await advance(300);
    await advance(2000);
    expect(reads()).toHaveLength(1);
    expect(simulator.requestCount('select')).toBe(1);
    // Swapping cards without the field ever being seen empty is not a new presentation.
    simulator.present(2);
    await advance(1000);
    expect(reads()).toHaveLength(1);
    simulator.remove();
    await advance(300);
    simulator.present(2);
    await advance(300);
    expect(reads().map((r) => r.name)).toEqual(['测试乙二', '测试丙三']);
  });

  it('maps every card type of the deck onto the flat read', async () => {
    const { simulator, reads } = setup();
    for (let i = 0; i < syntheticDeck().length; i++) {
      simulator.present(i);
      await advance(300);
      simulator.remove();
      await advance(300);
    }
    expect(
      reads().map(({ cardType, name, idNumber, address, authority, idNumberValid }) => ({
        cardType,
        name,
        idNumber: idNumber.length,
        address: address !== '',
        authority,
        idNumberValid,
      })),
    ).toEqual([
      {
        cardType: 'resident',
        name: '测试甲一',
        idNumber: 18,
        address: true,
        authority: '模拟市公安局示范分局',
        idNumberValid: true,
      },
      {
        cardType: 'resident',
        name: '测试乙二',
        idNumber: 18,
        address: true,
        authority: '模拟市公安局示范分局',
        idNumberValid: true,
      },
      {
        cardType: 'resident',
        name: '测试丙三',
        idNumber: 18,
        address: true,
        authority: '模拟市公安局示范分局',
        idNumberValid: true,
      },
      {
        cardType: 'permit-hmt',
        name: '测试丁四',
        idNumber: 18,
        address: false,
        authority: '模拟市公安局',
        idNumberValid: true,
      },
      {
        cardType: 'foreign-2017',
        name: '测试戊五',
        idNumber: 15,
        address: false,
        authority: '9999',
        idNumberValid: true,
      },
      {
        cardType: 'foreign-2023',
        name: '测试己六',
        idNumber: 18,
        address: false,
        authority: '',
        idNumberValid: true,
      },
    ]);
    expect(reads()[2]!.idNumber).toMatch(/X$/);
  });

  it('retries a reply with a bad checksum without waiting for the timeout', async () => {
    const { simulator, reads, driver, faults } = setup({}, { timeoutsMs: { read: 4000 } });
    simulator.present(0);
    await advance(150); // first find happens at t=0, the next at ~100 ms
    simulator.injectFault({ kind: 'bad-checksum' });
    await advance(500);
    expect(reads()).toHaveLength(1);
    expect(driver.health().errorCount).toBeGreaterThanOrEqual(1);
    expect(faults()).toEqual([]);
  });

  it('reports a silent reader once as a timeout after the retries, then recovers', async () => {
    const { simulator, reads, faults, driver } = setup({}, { timeoutsMs: { find: 200 }, retries: 2 });
    const states: Array<[string, string | null]> = [];
    driver.onHealth((health) => states.push([health.state, health.lastError]));
    await advance(50);
    for (let i = 0; i < 6; i++) simulator.injectFault({ kind: 'silence' });
    await advance(2000);
    expect(faults()).toEqual([
      { code: 'timeout', command: 'find', attempts: 3, message: 'no reply to find after 3 attempts' },
    ]);
    expect(driver.health().errorCount).toBe(6);
    expect(states).toContainEqual(['degraded', 'no reply to find']);
    simulator.present(0);
    await advance(300);
    expect(reads()).toHaveLength(1);
    expect(driver.health()).toMatchObject({ state: 'connected', lastError: null });
  });

  it('reports a SAM fault once per episode, and again after the reader was well in between', async () => {
    const { simulator, faults, driver } = setup();
    await advance(50);
    simulator.injectFault({ kind: 'sw3', byte: 0x60 });
    simulator.injectFault({ kind: 'sw3', byte: 0x60 });
    await advance(500);
    expect(faults()).toEqual([
      like({
        code: 'sam-fault',
        sw3: like({ name: 'sam-self-test-failed' }),
      }),
    ]);
    simulator.injectFault({ kind: 'sw3', byte: 0x66 });
    await advance(300);
    expect(faults().map((f) => f.code)).toEqual(['sam-fault', 'sam-fault']);
    expect(driver.health().lastError).toMatch(/not authorised \(SW3 66\)/);
  });

  it('asks again when the reader says the request arrived damaged (SW3 10)', async () => {
    const { simulator, reads, faults } = setup();
    simulator.present(0);
    await advance(150);
    simulator.injectFault({ kind: 'sw3', byte: 0x10 });
    await advance(300);
    expect(reads()).toHaveLength(1);
    expect(faults()).toEqual([]);
  });

  it('reports a card lifted in the middle of a read, and reads it when presented again', async () => {
    const { simulator, reads, faults } = setup();
    simulator.injectFault({ kind: 'removed-mid-read' });
    simulator.present(3);
    await advance(500);
    expect(reads()).toEqual([]);
    expect(faults()).toEqual([{ code: 'card-removed', message: matching(/present it again/) }]);
    simulator.present(3);
    await advance(300);
    expect(reads().map((r) => r.cardType)).toEqual(['permit-hmt']);
  });

  it('treats a failed ID number check as a bad read: retried, then reported, never emitted', async () => {
    const [card] = syntheticDeck() as [DeckCard];
    const broken = { identity: { ...card.identity, idNumber: '999999198001010012' } } as DeckCard;
    const { simulator, reads, faults } = setup({ deck: [broken], liftRequired: false });
    simulator.present(0);
    await advance(1000);
    expect(reads()).toEqual([]);
    expect(faults()).toEqual([like({ code: 'read-failed', sw3: null })]);
    expect(simulator.requestCount('read-base')).toBe(3);
  });

  it('reports an unreadable card after its retries, once per presentation', async () => {
    const { simulator, reads, faults } = setup({}, { retries: 1 });
    simulator.injectFault({ kind: 'sw3', byte: 0x41, on: 'read-base' });
    simulator.injectFault({ kind: 'sw3', byte: 0x33, on: 'read-base' });
    simulator.present(0);
    await advance(1000);
    expect(reads()).toEqual([]);
    expect(faults()).toEqual([
      like({
        code: 'read-failed',
        sw3: like({ name: 'data-check-error' }),
      }),
    ]);
    expect(simulator.requestCount('read-base')).toBe(2);
    simulator.remove();
    await advance(200);
    simulator.present(0);
    await advance(200);
    expect(reads()).toHaveLength(1);
    expect(faults()).toHaveLength(1);
  });

  it('tries the card again after a select that failed once', async () => {
    const { simulator, reads, faults } = setup();
    simulator.injectFault({ kind: 'sw3', byte: 0x81, on: 'select' });
    simulator.present(4);
    await advance(500);
    expect(reads().map((r) => r.cardType)).toEqual(['foreign-2017']);
    expect(faults()).toEqual([]);
    expect(simulator.requestCount('select')).toBe(2);
  });

  it('answers SAM commands between poll cycles', async () => {
    const { simulator, driver } = setup();
    simulator.present(0);
    const [status, samId, reset] = await Promise.all([
      driver.samStatus(),
      driver.samId(),
      driver.resetSam(),
      advance(500),
    ]);
    expect(status).toEqual({ ok: true, value: like({ name: 'ok' }) });
    expect(samId).toEqual({ ok: true, value: '05000100999999000000000001000000' });
    expect(reset).toEqual({ ok: true, value: like({ byte: 0x90 }) });
  });

  it('reads with fingerprint when asked, dropping the fingerprint', async () => {
    const { simulator, reads } = setup({}, { withFingerprint: true });
    simulator.present(5);
    await advance(300);
    expect(simulator.requestCount('read-fingerprint')).toBe(1);
    expect(reads()).toEqual([like({ cardType: 'foreign-2023', name: '测试己六' })]);
    expect(JSON.stringify(reads())).not.toMatch(/fingerprint|photo/i);
  });

  it('waits out an unplugged link and carries on when it returns', async () => {
    const { link, simulator, reads, driver } = setup();
    await advance(200);
    link.unplug('cable pulled');
    await advance(500);
    expect(driver.health().state).toBe('disconnected');
    simulator.present(0);
    await advance(500);
    expect(reads()).toEqual([]);
    link.plug();
    await advance(300);
    expect(driver.health().state).toBe('connected');
    expect(reads()).toHaveLength(1);
  });

  it('stops promptly in the middle of a slow read', async () => {
    const { simulator, driver } = setup({ readDelayMs: 2500 });
    simulator.present(0);
    await advance(100);
    expect(simulator.requestCount('read-base')).toBe(1);
    await driver.stop();
    const samStatus = await driver.samStatus();
    expect(samStatus).toEqual({ ok: false, error: like({ code: 'link-down' }) });
  });
});
