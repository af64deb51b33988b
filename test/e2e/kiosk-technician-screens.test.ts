import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TechnicianResult, TechnicianView } from '@yaofang/shared/technician';
import type { BrowserHandle } from '../harness/browser.ts';
import { catalogue, fill, kioskScreenChecks, openKioskPage } from '../harness/kiosk-screens.ts';
import { ScriptedAgent } from '../harness/scripted-agent.ts';
import { hallSession } from '../../kiosk/renderer/src/hall/fixtures.ts';
import { technicianStatus, technicianView } from '../../kiosk/renderer/src/technician/fixtures.ts';
import { localDateTime } from '../../kiosk/renderer/src/technician/technician-text.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';

const STATION_ID = 'E2E-TECH';
const LOCKED_UNTIL = '2025-03-01T10:30:00.000Z';
const OPEN = technicianView({ phase: 'open', status: technicianStatus() });

let resultId = 0;
function result(patch: Partial<TechnicianResult>): TechnicianResult {
  resultId += 1;
  return { id: resultId, action: 'login', outcome: 'ok', code: 'ok', detail: '', ...patch };
}

/**
 * The technician pages of the kiosk, driven by a scripted agent: the PIN pad
 * and its refusals, the lockout, each maintenance page with the intent its
 * buttons send and the result the agent reports, the restart confirmations,
 * kiosk.relaunch, and the wipe when the mode ends — in both languages, axe
 * clean, ≥ 64 px targets, screenshots portrait and landscape.
 */
describe('kiosk technician screens (scripted agent, Chromium)', () => {
  let agent: ScriptedAgent;
  let browser: BrowserHandle;
  let page: Page;
  let cspViolations: string[] = [];
  const { load, switchTo, text, checkScreen } = kioskScreenChecks({
    page: () => page,
    url: () => agent.url,
    hanWhitelist: [],
  });

  beforeAll(async () => {
    agent = await ScriptedAgent.start({ stationId: STATION_ID, retained: ['technician'] });
    ({ browser, page, cspViolations } = await openKioskPage());
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
  });

  beforeEach(() => {
    agent.intents.length = 0;
    agent.push({ type: 'technician', view: null });
  });

  const show = (view: TechnicianView) => agent.push({ type: 'technician', view });

  async function waitForResult(last: TechnicianResult): Promise<void> {
    await page.locator(`[data-testid="tech-result"][data-result-id="${last.id}"]`).waitFor();
  }

  async function openPages(view: TechnicianView = OPEN): Promise<void> {
    await load();
    show(view);
    await page.getByTestId('tech-page-devices').waitFor();
  }

  async function tab(name: string): Promise<void> {
    await page.getByTestId(`tech-tab-${name}`).click();
    await page.getByTestId(`tech-page-${name}`).waitFor();
  }

  it('PIN: a masked keypad, too short caught here, a try sent and the pad emptied; a wrong PIN', async () => {
    await load();
    show(technicianView());
    await page.getByTestId('technician-screen').waitFor();
    await checkScreen('technician-pin', async (lang) => {
      expect(await text('tech-attempts-left')).toBe(
        fill(catalogue(lang).technician.pin.attemptsLeft, { attempts: 5 }),
      );
      expect(await page.getByTestId('tech-result').count()).toBe(0);
    });
    await switchTo('zh-CN');
    for (const key of '12') await page.getByTestId(`tech-pin-key-${key}`).click();
    await page.getByTestId('tech-pin-submit').click();
    expect(await text('tech-pin-invalid')).toBe(zhCN.technician.pin.invalid);
    expect(agent.intents).toEqual([]);

    for (const key of '90817') await page.getByTestId(`tech-pin-key-${key}`).click();
    await page.getByTestId('tech-pin-clear').click();
    for (const key of '246813') await page.getByTestId(`tech-pin-key-${key}`).click();
    expect(await page.getByTestId('tech-pin-value').inputValue()).toBe('••••••');
    expect(await page.content()).not.toContain('246813');
    await page.getByTestId('tech-pin-submit').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'tech.pin', pin: '246813' }]);
    expect(await page.getByTestId('tech-pin-value').inputValue()).toBe('');

    const wrong = result({ outcome: 'failed', code: 'wrong-pin' });
    show(technicianView({ attemptsLeft: 4, last: wrong }));
    await waitForResult(wrong);
    expect(await page.getByTestId('tech-result').getAttribute('data-outcome')).toBe('failed');
    expect(await page.getByTestId('tech-result').getAttribute('data-code')).toBe('wrong-pin');
    await checkScreen('technician-pin-wrong', async (lang) => {
      const c = catalogue(lang).technician;
      expect(await text('tech-result')).toBe(
        fill(c.result, { action: c.actions.login, message: c.codes['wrong-pin'] }),
      );
      expect(await text('tech-attempts-left')).toBe(fill(c.pin.attemptsLeft, { attempts: 4 }));
    });
  });

  it('locked: until when in local time, the pad still there (the agent refuses), and the way out', async () => {
    await load();
    const locked = result({ action: 'lockout', outcome: 'refused', code: 'locked' });
    show(technicianView({ phase: 'locked', attemptsLeft: 0, lockedUntil: LOCKED_UNTIL, last: locked }));
    await page.getByTestId('tech-locked-until').waitFor();
    expect(await page.getByTestId('tech-attempts-left').count()).toBe(0);
    expect(await page.getByTestId('tech-locked-until').getAttribute('data-until')).toBe(LOCKED_UNTIL);
    await checkScreen('technician-locked', async (lang) => {
      const c = catalogue(lang).technician;
      expect(await text('tech-locked-until')).toBe(
        fill(c.locked.until, { time: localDateTime(Date.parse(LOCKED_UNTIL)) }),
      );
      expect(await text('tech-result')).toBe(
        fill(c.result, { action: c.actions.lockout, message: c.codes.locked }),
      );
    });
    // The pad stays: a try while locked goes to the agent, which refuses and audits it.
    await switchTo('zh-CN');
    for (const key of '2468') await page.getByTestId(`tech-pin-key-${key}`).click();
    await page.getByTestId('tech-pin-submit').click();
    await page.getByTestId('tech-exit').click();
    await page.getByTestId('attract').waitFor();
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'tech.pin', pin: '2468' }, { type: 'tech.exit' }]);
  });

  it('devices: state, errors, frames in hex with direction and time; a device reset', async () => {
    await openPages();
    const card = page.getByTestId('tech-device-scale-1');
    expect(await card.getAttribute('data-state')).toBe('connected');
    expect(await page.getByTestId('tech-device-bin-1').getAttribute('data-state')).toBe('disconnected');
    await checkScreen(
      'technician-devices',
      async (lang) => {
        const c = catalogue(lang).technician.devices;
        const scaleCard = await text('tech-device-scale-1');
        expect(scaleCard).toContain(c.state.connected);
        expect(scaleCard).toContain('1204');
        expect(scaleCard).toContain(`${c.rx} 02 2B 30 31 32 35 30 0D`);
        expect(scaleCard).toContain(`${c.tx} 02 57 0D`);
        expect(await text('tech-device-bin-1')).toContain('timeout after 500 ms');
        expect(await text('tech-device-bin-1')).toContain(c.noFrames);
      },
      false,
    );
    await page.getByTestId('tech-device-reset-bin-1').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'tech.device-reset', device: 'bin-1' }]);
  });

  it('printer: paper and cover; a test print, and paper-out with the device’s own words', async () => {
    await openPages();
    await tab('printer');
    await page.getByTestId('tech-print-test').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'tech.print-test' }]);
    const out = result({
      action: 'printer.test',
      outcome: 'failed',
      code: 'paper-out',
      detail: 'status 0x0c',
    });
    const status = technicianStatus({ printer: { device: 'printer-1', paper: 'out', coverOpen: true } });
    show({ ...OPEN, status, last: out });
    await waitForResult(out);
    await checkScreen('technician-printer', async (lang) => {
      const c = catalogue(lang).technician;
      expect(await text('tech-result')).toBe(
        `${fill(c.result, { action: c.actions['printer.test'], message: c.codes['paper-out'] })} status 0x0c`,
      );
      expect(await text('tech-result-detail')).toBe('status 0x0c');
      expect(await text('tech-printer-paper')).toBe(c.printer.paperState.out);
      expect(await text('tech-printer-cover')).toBe(c.printer.coverOpen);
    });
    // A code the catalogues do not know: the generic outcome, and the detail.
    const odd = result({
      action: 'printer.test',
      outcome: 'failed',
      code: 'head-too-hot',
      detail: 'temp 71C',
    });
    show({ ...OPEN, last: odd });
    await waitForResult(odd);
    await switchTo('en');
    expect(await text('tech-result')).toBe('Test print: not done temp 71C');
    show({ ...OPEN, status: technicianStatus({ printer: null }) });
    await page.getByTestId('tech-not-configured').waitFor();
    expect(await page.getByTestId('tech-print-test').count()).toBe(0);
  });

  it('scale: live grams and stability, zero; zero disabled with a reason when it cannot', async () => {
    await openPages();
    await tab('scale');
    expect(await page.getByTestId('tech-weight').getAttribute('data-grams')).toBe('1250');
    await page.getByTestId('tech-scale-zero').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'tech.scale-zero' }]);
    const zeroed = result({ action: 'scale.zero' });
    const reading = (grams: number, stable: boolean, canZero = true) =>
      technicianStatus({ scale: { device: 'scale-1', canZero, grams, stable, at: Date.now() } });
    show({ ...OPEN, status: reading(0, true), last: zeroed });
    await waitForResult(zeroed);
    await page.locator('[data-testid="tech-weight"][data-grams="0"]').waitFor();
    show({ ...OPEN, status: reading(3120, false, false), last: zeroed });
    await page.locator('[data-testid="tech-weight"][data-grams="3120"]').waitFor();
    expect(await page.getByTestId('tech-scale-zero').isDisabled()).toBe(true);
    await checkScreen('technician-scale', async (lang) => {
      const c = catalogue(lang).technician;
      expect(await text('tech-weight')).toBe(fill(c.scale.grams, { grams: 3120 }));
      expect(await text('tech-stable')).toBe(c.scale.unstable);
      expect(await text('tech-scale-zero-reason')).toBe(c.scale.cannotZero);
      expect(await text('tech-result')).toBe(
        fill(c.result, { action: c.actions['scale.zero'], message: c.codes.ok }),
      );
    });
  });

  it('bin: each compartment with its lid and fill; Open and Close send the compartment', async () => {
    await openPages();
    await tab('bin');
    expect(await page.getByTestId('tech-lid-state-2').getAttribute('data-lid')).toBe('jammed');
    await page.getByTestId('tech-lid-open-0').click();
    await page.getByTestId('tech-lid-close-1').click();
    await expect
      .poll(() => agent.intents)
      .toEqual([
        { type: 'tech.lid', compartment: 0, open: true },
        { type: 'tech.lid', compartment: 1, open: false },
      ]);
    const status = technicianStatus();
    status.bin!.compartments[0]!.lid = 'open';
    const opened = result({ action: 'bin.open' });
    show({ ...OPEN, status, last: opened });
    await page.locator('[data-testid="tech-lid-state-0"][data-lid="open"]').waitFor();
    await checkScreen(
      'technician-bin',
      async (lang) => {
        const c = catalogue(lang);
        expect(await text('tech-bin-0')).toContain(c.waste.categories.kitchen);
        expect(await text('tech-lid-state-0')).toBe(c.technician.bin.lidState.open);
        expect(await text('tech-lid-state-2')).toBe(c.technician.bin.lidState.jammed);
        expect(await text('tech-bin-1')).toContain('95%');
      },
      false,
    );
  });

  it('uplink: broker state, backlog, last ack and its time, last error', async () => {
    await openPages();
    await tab('uplink');
    const uplink = technicianStatus().uplink;
    await checkScreen('technician-uplink', async (lang) => {
      const c = catalogue(lang).technician.uplink;
      expect(await text('tech-uplink-broker')).toBe(
        `${c.disconnected} mqtts://mqtt.district.example.gov.cn:8883`,
      );
      expect(await text('tech-uplink-backlog')).toBe('42');
      expect(await text('tech-uplink-last-ack')).toBe(
        fill(c.lastAckValue, { seq: 1017, time: localDateTime(uplink.lastAckAt!, true) }),
      );
      expect(await text('tech-uplink-last-seq')).toBe('1059');
      expect(await text('tech-uplink-last-error')).toBe('connack timeout');
    });
    expect(await page.getByTestId('tech-uplink-last-ack').getAttribute('data-seq')).toBe('1017');
  });

  it('logs: the export targets; a tap exports there; none without a USB stick', async () => {
    await openPages();
    await tab('logs');
    await checkScreen('technician-logs', async () => {
      expect(await text('tech-export-target-0')).toBe('KINGSTON 16GB /media/usb0');
    });
    await page.getByTestId('tech-export-target-0').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'tech.logs-export', target: '/media/usb0' }]);
    const failed = result({
      action: 'logs.export',
      outcome: 'failed',
      code: 'export-failed',
      detail: 'EROFS',
    });
    show({ ...OPEN, status: technicianStatus({ exportTargets: [] }), last: failed });
    await page.getByTestId('tech-export-none').waitFor();
    await switchTo('zh-CN');
    expect(await text('tech-result')).toBe('导出日志：日志导出失败 EROFS');
  });

  it('system: each restart behind a confirmation; cancel sends nothing', async () => {
    await openPages();
    await tab('system');
    await checkScreen('technician-system');
    await page.getByTestId('tech-restart-kiosk').click();
    await page.getByTestId('tech-restart-confirming').waitFor();
    await checkScreen('technician-system-confirm', async (lang) => {
      expect(await page.getByTestId('tech-restart-confirming').innerText()).toContain(
        catalogue(lang).technician.system.confirmKiosk,
      );
    });
    await page.getByTestId('tech-restart-cancel').click();
    await page.getByTestId('tech-restart-agent').click();
    await page.getByTestId('tech-restart-confirm').click();
    await page.getByTestId('tech-restart-kiosk').click();
    await page.getByTestId('tech-restart-confirm').click();
    await expect
      .poll(() => agent.intents)
      .toEqual([
        { type: 'tech.restart', what: 'agent' },
        { type: 'tech.restart', what: 'kiosk' },
      ]);
  });

  it('kiosk.relaunch: through the Electron bridge when there is one, else a page reload', async () => {
    await openPages();
    await page.evaluate(() => {
      const calls: string[] = [];
      Object.assign(window, {
        calls,
        yaofang: { relaunch: () => Promise.resolve(void calls.push('relaunch')) },
      });
    });
    agent.push({ type: 'kiosk.relaunch' });
    await page.waitForFunction(() => (window as unknown as { calls: string[] }).calls.length === 1);
    await page.evaluate(() => Object.assign(window, { yaofang: undefined }));
    const reloaded = page.waitForEvent('load');
    agent.push({ type: 'kiosk.relaunch' });
    await reloaded;
    // The reloaded page is greeted with the technician view again, as the agent would.
    await page.getByTestId('technician-screen').waitFor();
  });

  it('nothing of a resident shows beside the technician, and nothing of the technician stays after', async () => {
    await openPages();
    const session = hallSession();
    const resident = [session.resident.maskedName!, session.resident.maskedIdNumber!];
    agent.push({ type: 'hall.session', session });
    agent.push({ type: 'uplink', connected: true, backlog: 0 });
    await page.getByTestId('technician-screen').waitFor();
    for (const trace of resident) expect(await page.content()).not.toContain(trace);
    show({ ...OPEN, last: result({ action: 'bin.open', detail: 'lid 0 open' }) });
    await page.getByTestId('tech-result').waitFor();
    agent.push({ type: 'technician', view: null });
    await page.getByTestId('attract').waitFor();
    const html = await page.content();
    for (const trace of ['connack timeout', 'lid 0 open', 'scale-1', 'KINGSTON'])
      expect(html).not.toContain(trace);
    for (const trace of resident) expect(html).not.toContain(trace);
  });

  it('elderly mode and high contrast carry into technician mode', async () => {
    await load();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-elderly').click();
    await page.getByTestId('setting-highContrast').click();
    await page.getByTestId('settings-back').click();
    show(technicianView());
    await page.getByTestId('technician-screen').waitFor();
    expect(await page.getByTestId('app').getAttribute('class')).toContain('elderly');
    expect(await page.getByTestId('app').getAttribute('class')).toContain('high-contrast');
    await checkScreen('technician-pin-elderly-contrast', undefined, false);
    show(OPEN);
    await page.getByTestId('tech-page-devices').waitFor();
    for (const name of ['devices', 'scale', 'bin']) {
      await tab(name);
      await checkScreen(`technician-${name}-elderly-contrast`, undefined, false);
    }
  });

  it('the resident idle timer leaves technician mode alone: the agent times it out', async () => {
    await load('?idle=1&countdown=1');
    show(OPEN);
    await page.getByTestId('technician-screen').waitFor();
    await page.waitForTimeout(3_500);
    expect(await page.getByTestId('idle-dialog').count()).toBe(0);
    expect(await page.getByTestId('technician-screen').count()).toBe(1);
    expect(agent.intents).toEqual([]);
    agent.push({ type: 'technician', view: null });
    await page.getByTestId('attract').waitFor();
    expect(await page.content()).not.toContain('connack timeout');
  });

  it('loaded without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
