import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { en } from '../../kiosk/renderer/src/i18n/en.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';
import { launchChromium, type BrowserHandle } from './browser.ts';
import { MIN_TARGET_PX, seriousAxeViolations, smallTouchTargets } from './screen-checks.ts';
import { KIOSK_DIR, REPO_ROOT } from './station.ts';

/**
 * What the kiosk screen suites check on every screen, driven through the
 * built renderer in Chromium: language purity after a switch, axe, touch
 * targets, screenshots portrait and landscape with nothing overflowing.
 */
export const SCREENS_DIR = join(REPO_ROOT, 'test/artifacts/screens');
export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };
export type Lang = 'zh-CN' | 'en';
export const catalogue = (lang: Lang) => (lang === 'en' ? en : zhCN);

const HAN = /\p{Script=Han}/u;

/** Every catalogue string, split at its {{variables}} into the literal fragments a screen would show. */
function fragments(tree: object): string[] {
  const out: string[] = [];
  const walk = (node: object) => {
    for (const value of Object.values(node)) {
      if (typeof value === 'string') out.push(...value.split(/\{\{\w+\}\}/).map((s) => s.trim()));
      else walk(value as object);
    }
  };
  walk(tree);
  return out.filter((s) => s.length >= 4);
}
/** Catalogue fragments found in one language only: on a screen in the other one they are untranslated. */
export const zhOnly = fragments(zhCN).filter((s) => !fragments(en).includes(s));
export const enOnly = fragments(en).filter((s) => !fragments(zhCN).includes(s));

/** `{{name}}` filled in, as i18next would. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key]));
}

export interface KioskPage {
  browser: BrowserHandle;
  page: Page;
  /** Content-Security-Policy complaints on the console, to be empty at the end. */
  cspViolations: string[];
}

/**
 * Chromium on the built renderer, portrait, with the voice prompts recorded
 * (in `window.spoken`) instead of played.
 */
export async function openKioskPage(): Promise<KioskPage> {
  expect(statSync(join(KIOSK_DIR, 'index.html')).isFile(), 'run `npm run build` first').toBe(true);
  mkdirSync(SCREENS_DIR, { recursive: true });
  const browser = await launchChromium(PORTRAIT);
  const page = await browser.context.newPage();
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.addInitScript(() => {
    const spoken: Array<{ text: string; lang: string }> = [];
    Object.assign(window, { spoken });
    Object.defineProperty(window, 'speechSynthesis', {
      configurable: true,
      value: {
        speak: (utterance: SpeechSynthesisUtterance) =>
          spoken.push({ text: utterance.text, lang: utterance.lang }),
        cancel: () => undefined,
      },
    });
  });
  return { browser, page, cspViolations };
}

/**
 * The checks, bound to a page and an agent that exist only once `beforeAll`
 * has run (hence the getters). `hanWhitelist`: data shown as it came (names,
 * titles) that may be in Han script on an English screen.
 */
export function kioskScreenChecks(options: { page: () => Page; url: () => string; hanWhitelist: string[] }) {
  const page = () => options.page();
  const hanWhitelist = [zhCN.language.zh, ...options.hanWhitelist];

  async function load(query = '?idle=600&notice=600'): Promise<void> {
    await page().setViewportSize(PORTRAIT);
    await page().goto(`${options.url()}/${query}`);
    await page().getByTestId('attract').waitFor();
    await page().waitForFunction(() => !document.querySelector('[data-testid="banner-connecting"]'));
    await page().evaluate(() => document.fonts.ready);
  }

  async function switchTo(lang: Lang): Promise<void> {
    await page().getByTestId('app').getByTestId(`lang-${lang}`).first().click();
    await page().waitForFunction(
      (l) =>
        document.documentElement.lang === l &&
        document.querySelector(`[data-testid="app"][data-lang="${l}"]`),
      lang,
    );
  }

  async function text(testId: string): Promise<string> {
    return (await page().getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();
  }

  async function spoken(): Promise<string[]> {
    return page().evaluate(() =>
      (window as unknown as { spoken: Array<{ text: string }> }).spoken.map((s) => s.text),
    );
  }

  async function expectFullyIn(lang: Lang, screen: string): Promise<void> {
    const all = await page().evaluate(() => {
      const labels = Array.from(document.querySelectorAll('[aria-label]')).map((e) =>
        e.getAttribute('aria-label'),
      );
      // The receipt preview is paper, printed in Chinese whatever the screen language; data
      // marked translate="no" (device ids, hex, paths, a device's own words) is shown as it came.
      let body = document.body.innerText;
      for (const asIs of Array.from(
        document.querySelectorAll<HTMLElement>('[data-testid="receipt-paper"], [translate="no"]'),
      ))
        body = body.replace(asIs.innerText, '');
      return [document.title, body, ...labels].join('\n');
    });
    if (lang === 'en') {
      let rest = all;
      for (const word of hanWhitelist) rest = rest.replaceAll(word, '');
      expect(rest.match(new RegExp(HAN.source, 'gu')) ?? [], `Chinese on the English ${screen}`).toEqual([]);
      expect(
        zhOnly.filter((s) => all.includes(s)),
        screen,
      ).toEqual([]);
    } else {
      expect(
        enOnly.filter((s) => all.includes(s)),
        `English on the Chinese ${screen}`,
      ).toEqual([]);
    }
  }

  async function expectAccessible(screen: string): Promise<void> {
    expect(await seriousAxeViolations(page()), `axe on ${screen}`).toEqual([]);
  }

  async function expectBigTargets(screen: string): Promise<void> {
    expect(await smallTouchTargets(page()), `touch targets under ${MIN_TARGET_PX} px on ${screen}`).toEqual(
      [],
    );
  }

  /** Screenshots in both orientations; nothing may overflow sideways, nor (when asked) downwards. */
  async function shoot(name: string, fitHeight: boolean): Promise<void> {
    for (const [orientation, viewport] of [
      ['portrait', PORTRAIT],
      ['landscape', LANDSCAPE],
    ] as const) {
      await page().setViewportSize(viewport);
      await page().screenshot({ path: join(SCREENS_DIR, `${name}-${orientation}.png`) });
      const size = await page().evaluate(() => ({
        width: document.documentElement.scrollWidth,
        height: document.documentElement.scrollHeight,
      }));
      expect(size.width, `${name} ${orientation} width`).toBeLessThanOrEqual(viewport.width);
      if (fitHeight)
        expect(size.height, `${name} ${orientation} height`).toBeLessThanOrEqual(viewport.height);
    }
    await page().setViewportSize(PORTRAIT);
  }

  /** Chinese then English: the data check given, language purity, axe, targets, screenshots. */
  async function checkScreen(
    screen: string,
    data: (lang: Lang) => Promise<void> = async () => {},
    fitHeight = true,
  ): Promise<void> {
    for (const lang of ['zh-CN', 'en'] as const) {
      await switchTo(lang);
      await data(lang);
      await expectFullyIn(lang, screen);
      await expectAccessible(`${screen} (${lang})`);
      await expectBigTargets(`${screen} (${lang})`);
      await shoot(`${screen}-${lang}`, fitHeight);
    }
  }

  return {
    load,
    switchTo,
    text,
    spoken,
    expectFullyIn,
    expectAccessible,
    expectBigTargets,
    shoot,
    checkScreen,
  };
}
