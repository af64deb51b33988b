import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enOnly, LANDSCAPE, PORTRAIT, SCREENS_DIR, zhOnly, type Lang } from '../harness/kiosk-screens.ts';
import { MIN_TARGET_PX, seriousAxeViolations, smallTouchTargets } from '../harness/screen-checks.ts';
import { launchChromium, type BrowserHandle } from '../harness/browser.ts';
import { startMosquitto, type MosquittoBroker } from '../harness/mosquitto.ts';
import { DEMO_CARDS, SimulatedStation } from '../harness/station.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';

const STATION = 'E2E-SCREENS';
/** Proper nouns allowed in Han script on an English screen: the language switch names Chinese in Chinese. */
const HAN_WHITELIST = [zhCN.language.zh];
const HAN = /\p{Script=Han}/u;

/**
 * Every screen of the kiosk, in both languages: no string of the other
 * language left, no serious or critical axe violation, every touch target
 * ≥ 64 px, and screenshots portrait and landscape for people to look at.
 */
describe('kiosk screens: language, accessibility, touch targets, screenshots', () => {
  let dir: string;
  let broker: MosquittoBroker;
  let station: SimulatedStation;
  let browser: BrowserHandle;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'yf-e2e-kiosk-screens-'));
    mkdirSync(SCREENS_DIR, { recursive: true });
    broker = await startMosquitto();
    station = await SimulatedStation.start({ dir, stationId: STATION, mqttUrl: broker.url });
    browser = await launchChromium(PORTRAIT);
    page = await browser.context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(station.agent!.kioskUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await station?.stop();
    await broker?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function load(query: string): Promise<void> {
    await page.setViewportSize(PORTRAIT);
    await page.goto(`${station.agent!.apiUrl}/${query}`);
    await page.getByTestId('attract').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="banner-connecting"]'));
    await page.evaluate(() => document.fonts.ready);
  }

  /** Switch language with the switch inside `scope` (the idle dialog covers the top bar). */
  async function switchTo(lang: Lang, scope = 'app'): Promise<void> {
    await page.getByTestId(scope).getByTestId(`lang-${lang}`).first().click();
    await page.waitForFunction(
      (l) =>
        document.documentElement.lang === l &&
        document.querySelector(`[data-testid="app"][data-lang="${l}"]`),
      lang,
    );
  }

  async function visibleText(): Promise<string> {
    return page.evaluate(() => {
      const labels = Array.from(document.querySelectorAll('[aria-label]')).map((e) =>
        e.getAttribute('aria-label'),
      );
      return [document.title, document.body.innerText, ...labels].join('\n');
    });
  }

  async function expectFullyIn(lang: Lang, screen: string): Promise<void> {
    const text = await visibleText();
    if (lang === 'en') {
      let rest = text;
      for (const word of HAN_WHITELIST) rest = rest.replaceAll(word, '');
      expect(
        rest.match(new RegExp(HAN.source, 'gu')) ?? [],
        `Chinese left on the English ${screen} screen`,
      ).toEqual([]);
      expect(
        zhOnly.filter((s) => text.includes(s)),
        screen,
      ).toEqual([]);
    } else {
      expect(
        enOnly.filter((s) => text.includes(s)),
        `English left on the Chinese ${screen} screen`,
      ).toEqual([]);
    }
  }

  async function expectAccessible(screen: string): Promise<void> {
    expect(await seriousAxeViolations(page), `axe on ${screen}`).toEqual([]);
  }

  async function expectBigTargets(screen: string): Promise<void> {
    expect(await smallTouchTargets(page), `touch targets under ${MIN_TARGET_PX} px on ${screen}`).toEqual([]);
  }

  async function shoot(name: string): Promise<void> {
    await page.setViewportSize(PORTRAIT);
    await page.screenshot({ path: join(SCREENS_DIR, `${name}-portrait.png`) });
    await page.setViewportSize(LANDSCAPE);
    await page.screenshot({ path: join(SCREENS_DIR, `${name}-landscape.png`) });
    // Nothing may overflow sideways in either orientation.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(
      true,
    );
    await page.setViewportSize(PORTRAIT);
  }

  /** The checks every screen gets, in Chinese then English, switched in place. */
  async function checkScreen(screen: string, scope = 'app'): Promise<void> {
    for (const lang of ['zh-CN', 'en'] as const) {
      await switchTo(lang, scope);
      await expectFullyIn(lang, screen);
      await expectAccessible(`${screen} (${lang})`);
      await expectBigTargets(`${screen} (${lang})`);
      await shoot(`${screen}-${lang}`);
    }
  }

  it('attract screen', async () => {
    await load('?idle=600');
    await checkScreen('attract');
  });

  it('card-seen screen', async () => {
    await load('?idle=600');
    station.reader.tap(DEMO_CARDS[0]);
    await page.getByTestId('card-seen').waitFor({ timeout: 10_000 });
    await checkScreen('card-seen');
  });

  it('settings screen, and its elderly and high-contrast modes', async () => {
    await load('?idle=600');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('settings').waitFor();
    await checkScreen('settings');

    const fontSize = () => page.locator('h1').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    const before = await fontSize();
    await page.getByTestId('setting-elderly').click();
    await page.getByTestId('setting-highContrast').click();
    expect(await page.getByTestId('setting-elderly').getAttribute('aria-checked')).toBe('true');
    expect(await fontSize()).toBeGreaterThan(before);
    await checkScreen('settings-elderly-contrast');
    await page.getByTestId('settings-back').click();
    await checkScreen('attract-elderly-contrast');
  });

  it('idle countdown dialog', async () => {
    await load('?idle=1&countdown=600');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
    await checkScreen('idle-dialog', 'idle-dialog');
    // Switching language inside the dialog did not dismiss it.
    expect(await page.getByTestId('idle-dialog').isVisible()).toBe(true);
  });

  it('offline banner when the uplink is down', async () => {
    await load('?idle=600');
    await broker.stop();
    try {
      await page.getByTestId('banner-offline').waitFor({ timeout: 20_000 });
      await switchTo('zh-CN');
      expect(await page.getByTestId('banner-offline').innerText()).toContain(
        '网络离线：业务已保存在本机，恢复后自动同步',
      );
      await checkScreen('attract-offline');
      expect(await page.getByTestId('banner-offline').innerText()).toContain(
        'Offline: transactions are kept and will sync',
      );
    } finally {
      await broker.start();
    }
  });

  it('loaded without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
