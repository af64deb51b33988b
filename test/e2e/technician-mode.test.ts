import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { cardKey, type EventEnvelope } from '@yaofang/shared';
import { ReferenceCentral } from '../central-sim/central.ts';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { AGENT_BIN, DEMO_CARDS, REPO_ROOT, SimulatedStation } from '../harness/station.ts';
import { waitFor } from '../harness/free-port.ts';

const STATION = 'TECH-E2E';
const PIN = '482913';
const TECH_CARD = DEMO_CARDS[2];
const SCREENS = join(REPO_ROOT, 'test/artifacts/screens');

/** Technician data as the central's operators see it. */
interface AuditEvent {
  action: string;
  outcome: string;
  actor: string;
  detail: string;
  target: string | null;
}

/**
 * Technician mode end to end: the real agent with the reader, an MT-SICS
 * scale, the bin controller and the printer on ptys, Mosquitto, the
 * reference central (which publishes the technician card), and the kiosk in
 * Chromium. Every page's action is checked where it lands: the printer
 * simulator's paper, the bin simulator's lid, the scale's zero, the USB
 * folder, the agent process — and each one at the central as an audit event.
 */
describe('technician mode end to end: card + PIN, lockout, and every page against the simulators', () => {
  let dir: string;
  let usb: string;
  let broker: MosquittoBroker;
  let central: ReferenceCentral;
  let station: SimulatedStation;
  let browser: BrowserHandle;
  let page: Page;
  let actor: string;
  const applied: EventEnvelope[] = [];

  const audit = (): AuditEvent[] =>
    applied.filter((e) => e.type === 'technician.action').map((e) => e.data as unknown as AuditEvent);
  const untilAudited = (action: string, outcome: string, count = 1) =>
    waitFor(
      () => audit().filter((e) => e.action === action && e.outcome === outcome).length >= count,
      `${count} × ${action}:${outcome} at the central`,
      20_000,
    );
  const clock = () => join(dir, 'clock-offset');

  async function tapTechnicianCard(): Promise<void> {
    // Lift between taps: a reader repeats its frame while the card stays in the field.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    station.reader.tap(TECH_CARD);
    await page.getByTestId('technician-screen').waitFor({ timeout: 20_000 });
  }

  async function typePin(pin: string): Promise<void> {
    for (const digit of pin) await page.getByTestId(`tech-pin-key-${digit}`).click();
    await page.getByTestId('tech-pin-submit').click();
  }

  /** The result banner of the action just taken (a new id each time). */
  async function result(action: () => Promise<void>): Promise<{ outcome: string; code: string }> {
    const banner = page.getByTestId('tech-result');
    const before = (await banner.count()) ? await banner.getAttribute('data-result-id') : null;
    await action();
    return waitFor(async () => {
      if ((await banner.count()) === 0) return null;
      const id = await banner.getAttribute('data-result-id');
      if (id === before) return null;
      return {
        outcome: (await banner.getAttribute('data-outcome')) ?? '',
        code: (await banner.getAttribute('data-code')) ?? '',
      };
    }, 'the result of the technician action');
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-tech-e2e-'));
    usb = join(dir, 'media');
    mkdirSync(join(usb, 'TECH-STICK'), { recursive: true });
    writeFileSync(join(dir, 'clock-offset'), '0\n');
    const pinHash = execFileSync('node', [AGENT_BIN, 'hash-pin'], { input: `${PIN}\n` })
      .toString()
      .trim();
    broker = await startMosquitto();
    central = new ReferenceCentral({ url: broker.url, clientId: 'central-tech-e2e' });
    central.onApplied((_station, envelope) => applied.push(envelope));
    await central.start();
    station = await SimulatedStation.start({
      dir: join(dir, 'station'),
      stationId: STATION,
      mqttUrl: broker.url,
      centralPublicKeyPem: central.publicKeyPem,
      devices: ['em4100', 'scale', 'bin', 'printer'],
      scaleProtocol: 'sics',
      binCategories: ['kitchen', 'recyclable'],
      logToFile: true,
      technician: { pinHash, exportRoots: [usb] },
      agentEnv: { YF_TEST_CLOCK_FILE: join(dir, 'clock-offset') },
    });
    actor = cardKey(station.districtKey(), TECH_CARD);
    const technicianCard = {
      cardKey: actor,
      residentKey: null,
      household: null,
      kind: 'technician' as const,
    };
    const stored = () => {
      const db = new Database(station.databaseFile, { readonly: true, fileMustExist: true });
      try {
        return db.prepare("SELECT count(*) AS n FROM card_bindings WHERE kind = 'technician'").get() as {
          n: number;
        };
      } finally {
        db.close();
      }
    };
    await waitFor(async () => {
      await central.publishCards(STATION, [technicianCard]);
      return stored().n === 1;
    }, 'the technician card stored by the agent');
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(station.agent!.kioskUrl);
    await page.getByTestId('attract').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    await central?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('five wrong PINs lock the login for 15 minutes, the right PIN does not help meanwhile, and every attempt is audited', async () => {
    await tapTechnicianCard();
    expect(await page.getByTestId('tech-attempts-left').textContent()).toContain('5');
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-pin-portrait.png') });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answer = await result(() => typePin(`1${attempt}${attempt}${attempt}`));
      expect(answer.code).toBe(attempt < 5 ? 'wrong-pin' : 'locked');
    }
    await page.getByTestId('tech-locked-until').waitFor();
    expect(await result(() => typePin(PIN))).toEqual({ outcome: 'refused', code: 'locked' });
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-locked-portrait.png') });
    await untilAudited('login', 'failed', 5);
    await untilAudited('lockout', 'ok');
    await untilAudited('login', 'refused');
    // No PIN, right or wrong, went anywhere.
    expect(JSON.stringify(applied)).not.toContain(PIN);

    // 15 minutes later (the agent's test clock) the card opens the PIN pad again.
    await page.getByTestId('tech-exit').click();
    await page.getByTestId('attract').waitFor();
    writeFileSync(clock(), `${16 * 60_000}\n`);
    await tapTechnicianCard();
    expect(await page.getByTestId('tech-attempts-left').textContent()).toContain('5');
    await typePin(PIN);
    await page.getByTestId('tech-tab-devices').waitFor();
    await untilAudited('login', 'ok');
    expect(audit().every((e) => e.actor === actor)).toBe(true);
  });

  it('devices page: each device with its state, error count and recent frames', async () => {
    await page.getByTestId('tech-tab-devices').click();
    for (const id of ['reader-1', 'scale-1', 'bin-1', 'printer-1']) {
      const row = page.getByTestId(`tech-device-${id}`);
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('connected');
    }
    // The scale is polled: its recent frames show on the page.
    await waitFor(
      async () =>
        /[0-9A-F]{2} [0-9A-F]{2}/.test((await page.getByTestId('tech-device-scale-1').textContent()) ?? ''),
      'the scale frames on the devices page',
    );
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-devices-portrait.png') });
  });

  it('printer page: the test print comes out of the printer simulator', async () => {
    await page.getByTestId('tech-tab-printer').click();
    const before = station.printer!.receipts().length;
    expect(await result(() => page.getByTestId('tech-print-test').click())).toEqual({
      outcome: 'ok',
      code: 'ok',
    });
    const printed = await waitFor(
      () =>
        station
          .printer!.receipts()
          .slice(before)
          .find((r) => r.cut !== null),
      'the test page',
    );
    const text = printed.items.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
    expect(text).toContain('打印测试');
    expect(text).toContain(STATION);
    await untilAudited('printer.test', 'ok');

    // Paper out: the technician is told, and it is audited as a failure.
    station.printer!.setFault('paper-out', true);
    expect(await result(() => page.getByTestId('tech-print-test').click())).toMatchObject({
      outcome: 'failed',
      code: 'paper-out',
    });
    station.printer!.setFault('paper-out', false);
    await untilAudited('printer.test', 'failed');
  });

  it('scale page: live weight follows the scale, and zero is sent to it', async () => {
    await page.getByTestId('tech-tab-scale').click();
    station.scale!.setGrams(2_345);
    await waitFor(
      async () => (await page.getByTestId('tech-weight').getAttribute('data-grams')) === '2345',
      'the live weight on the scale page',
    );
    expect(await result(() => page.getByTestId('tech-scale-zero').click())).toEqual({
      outcome: 'ok',
      code: 'ok',
    });
    expect(station.scale!.snapshot()).toMatchObject({ zeroGrams: 2345 });
    await waitFor(
      async () => (await page.getByTestId('tech-weight').getAttribute('data-grams')) === '0',
      'the weight reads zero after the zero',
    );
    await untilAudited('scale.zero', 'ok');
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-scale-portrait.png') });
  });

  it('bin page: a lid opens and closes in the bin simulator', async () => {
    await page.getByTestId('tech-tab-bin').click();
    expect(await result(() => page.getByTestId('tech-lid-open-1').click())).toEqual({
      outcome: 'ok',
      code: 'ok',
    });
    await waitFor(() => station.bin!.model.compartment(1).lid === 'open', 'lid 1 open in the simulator');
    await waitFor(
      async () => (await page.getByTestId('tech-lid-state-1').getAttribute('data-lid')) === 'open',
      'lid 1 shown open',
    );
    expect(station.bin!.model.compartment(0).lid).toBe('closed');
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-bin-portrait.png') });
    expect(await result(() => page.getByTestId('tech-lid-close-1').click())).toEqual({
      outcome: 'ok',
      code: 'ok',
    });
    await waitFor(() => station.bin!.model.compartment(1).lid === 'closed', 'lid 1 closed in the simulator');
    await untilAudited('bin.open', 'ok');
    await untilAudited('bin.close', 'ok');
    expect(audit().find((e) => e.action === 'bin.open')?.target).toBe('bin-1#1');
  });

  it('uplink page: backlog, last ack and broker state', async () => {
    await page.getByTestId('tech-tab-uplink').click();
    await waitFor(
      async () => ((await page.getByTestId('tech-uplink-backlog').textContent()) ?? '').includes('0'),
      'an empty backlog',
    );
    const lastAck = (await page.getByTestId('tech-uplink-last-ack').textContent()) ?? '';
    expect(lastAck).toMatch(/\d+/);
    await page.screenshot({ path: join(SCREENS, 'e2e-technician-uplink-portrait.png') });
  });

  it('logs page: the logs are exported to the chosen USB folder with a manifest', async () => {
    await page.getByTestId('tech-tab-logs').click();
    expect(await result(() => page.getByTestId('tech-export-target-0').click())).toEqual({
      outcome: 'ok',
      code: 'ok',
    });
    const exported = readdirSync(join(usb, 'TECH-STICK'));
    expect(exported).toHaveLength(1);
    const folder = join(usb, 'TECH-STICK', exported[0]!);
    expect(existsSync(join(folder, 'manifest.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { files: unknown[] };
    expect(manifest.files.length).toBeGreaterThan(0);
    await untilAudited('logs.export', 'ok');
  });

  it('system page: restart the kiosk (the page reloads), then the agent (it exits for its service manager)', async () => {
    await page.getByTestId('tech-tab-system').click();
    const reloaded = page.waitForEvent('load', { timeout: 20_000 });
    await page.getByTestId('tech-restart-kiosk').click();
    await page.getByTestId('tech-restart-confirm').click();
    await reloaded;
    await page.getByTestId('attract').waitFor();
    await untilAudited('kiosk.restart', 'ok');

    await tapTechnicianCard();
    await typePin(PIN);
    await page.getByTestId('tech-tab-system').click();
    await page.getByTestId('tech-restart-agent').click();
    await page.getByTestId('tech-restart-confirm').click();
    const agent = station.agent!.process;
    const exit = await agent.exited;
    // On failure, the agent's last words say why it did not exit for a restart.
    expect(exit, agent.output.slice(-4000)).toEqual({ code: 75, signal: null });
    // systemd's part: start it again; the audit event was stored before the exit and now goes out.
    await station.startAgent();
    await untilAudited('agent.restart', 'ok');
    const actions = audit().map((e) => `${e.action}:${e.outcome}`);
    expect(actions).toContain('logout:ok');
  });
});
