import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DropResult, StationView, WasteSessionView } from '@yaofang/shared/waste-session';
import type { BrowserHandle } from '../harness/browser.ts';
import { catalogue as L, kioskScreenChecks, openKioskPage, type Lang } from '../harness/kiosk-screens.ts';
import { ScriptedAgent } from '../harness/scripted-agent.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';

const STATION_ID = 'E2E-WASTE';

// ------------------------------------------------------------------ the script's data

const COMPARTMENTS: StationView['compartments'] = [
  { category: 'kitchen', compartment: 0, state: { state: 'open' }, fillPercent: 20 },
  { category: 'recyclable', compartment: 1, state: { state: 'full' }, fillPercent: 95 },
  {
    category: 'hazardous',
    compartment: 2,
    state: { state: 'closed-until', opensAt: Date.now() + 3_600_000, opensAtLocal: '18:00' },
    fillPercent: 10,
  },
  { category: 'other', compartment: 3, state: { state: 'fault', reason: 'lid-jammed' }, fillPercent: null },
];

const DROP: DropResult = {
  dropId: '0190a1b2-0000-7000-8000-0000000000a1',
  category: 'kitchen',
  netGrams: 1250,
  points: 3,
  outcome: 'credited',
  todayPoints: 12,
  balance: { confirmed: 517, pending: 3, shown: 520 },
  recovered: false,
};

const HOUSEHOLD = 'H-***07';

function station(patch: Partial<StationView> = {}): StationView {
  return { role: 'waste', compartments: COMPARTMENTS, faults: [], notice: null, ...patch };
}

function session(patch: Partial<WasteSessionView> = {}): WasteSessionView {
  return {
    sessionId: 'e2e-session-1',
    step: 'choose-category',
    household: HOUSEHOLD,
    compartments: COMPARTMENTS,
    chosen: null,
    closesAt: null,
    liveGrams: null,
    drops: [],
    notice: null,
    ...patch,
  };
}

/**
 * Every waste-station screen, driven by a scripted agent: the right data in
 * both languages, the right intents from each button, no serious axe
 * violation, ≥ 64 px targets, nothing overflowing, and screenshots portrait
 * and landscape.
 */
describe('kiosk waste-station screens (scripted agent, Chromium)', () => {
  let agent: ScriptedAgent;
  let browser: BrowserHandle;
  let page: Page;
  let cspViolations: string[] = [];
  const { load, switchTo, text, spoken, shoot, checkScreen } = kioskScreenChecks({
    page: () => page,
    url: () => agent.url,
    hanWhitelist: [],
  });
  const pushStation = (station: StationView) => agent.push({ type: 'station', station });
  const pushSession = (session: WasteSessionView | null) => agent.push({ type: 'waste.session', session });

  beforeAll(async () => {
    agent = await ScriptedAgent.start({ stationId: STATION_ID, retained: ['station', 'waste.session'] });
    ({ browser, page, cspViolations } = await openKioskPage());
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
  });

  beforeEach(() => {
    agent.intents.length = 0;
    pushSession(null);
    pushStation(station());
  });

  // ------------------------------------------------------------------ the screens

  it('attract on a waste station: each category state, and 请刷卡', async () => {
    await load();
    await page.getByTestId('category-status').waitFor();
    const states = await page
      .getByTestId('category-status')
      .locator('li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-state')));
    expect(states).toEqual(['open', 'full', 'closed-until', 'fault']);
    await checkScreen('waste-attract', async (lang) => {
      const c = L(lang).waste;
      expect(await text('status-kitchen')).toBe(`${c.categories.kitchen} ${c.state.open}`);
      expect(await text('status-recyclable')).toBe(`${c.categories.recyclable} ${c.state.full}`);
      expect(await text('status-hazardous')).toBe(
        `${c.categories.hazardous} ${c.state.closedUntil.replace('{{time}}', '18:00')}`,
      );
      expect(await text('status-other')).toBe(`${c.categories.other} ${c.state.fault}`);
      expect(await page.locator('h1').innerText()).toBe(L(lang).attract.prompt);
    });
    await switchTo('zh-CN');
    expect(await text('status-hazardous')).toBe('有害垃圾 18:00 开放');
  });

  it('a station notice (unbound card, technician card) shows for a few seconds', async () => {
    await load();
    pushStation(station({ notice: { code: 'unbound-card' } }));
    await page.getByTestId('station-notice').waitFor();
    await checkScreen('waste-attract-notice', async (lang) => {
      expect(await text('station-notice')).toBe(L(lang).notices['unbound-card']);
    });
    await switchTo('zh-CN');
    expect(await text('station-notice')).toBe('此卡未绑定，请到自助服务大厅绑定');
    expect(await spoken()).toContain('此卡未绑定，请到自助服务大厅绑定');

    await load('?idle=600&notice=1');
    pushStation(station({ notice: { code: 'technician-card' } }));
    await page.getByTestId('station-notice').waitFor();
    expect(await text('station-notice')).toBe(zhCN.notices['technician-card']);
    await page.getByTestId('station-notice').waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('category choice: four tiles with their state, only open ones send waste.choose', async () => {
    await load();
    pushSession(session());
    await page.getByTestId('waste-choose').waitFor();
    expect(await spoken()).toContain('请选择垃圾类别');
    await checkScreen('waste-choose', async (lang) => {
      const c = L(lang).waste;
      expect(await text('household')).toBe(c.household.replace('{{household}}', HOUSEHOLD));
      expect(await text('category-kitchen')).toBe(`${c.categories.kitchen} ${c.state.open}`);
      expect(await text('category-recyclable')).toBe(`${c.categories.recyclable} ${c.state.full}`);
      expect(await text('category-hazardous')).toContain('18:00');
      expect(await text('category-other')).toBe(`${c.categories.other} ${c.state.fault}`);
    });
    expect(await page.getByTestId('category-kitchen').isEnabled()).toBe(true);
    for (const closed of ['recyclable', 'hazardous', 'other'])
      expect(await page.getByTestId(`category-${closed}`).isDisabled(), closed).toBe(true);
    await page.getByTestId('category-kitchen').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'waste.choose', category: 'kitchen' }]);

    // A refusal from the agent (a category that closed meanwhile) is shown above the tiles.
    pushSession(session({ notice: { code: 'category-closed', opensAtLocal: '18:00' } }));
    await page.getByTestId('waste-notice').waitFor();
    await switchTo('zh-CN');
    expect(await text('waste-notice')).toBe('该类别现在未开放，18:00 开放');
    await shoot('waste-choose-notice-zh-CN', true);
  });

  it('weighing, opening and closing: a progress screen with the live weight', async () => {
    await load();
    const steps = ['weighing-before', 'opening', 'closing', 'weighing-after'] as const;
    for (const step of steps) {
      pushSession(session({ step, chosen: 'kitchen', liveGrams: step.startsWith('weighing') ? 3456 : null }));
      await page.locator(`[data-testid="waste-progress"][data-step="${step}"]`).waitFor();
      await checkScreen(`waste-${step}`, async (lang) => {
        expect(await page.locator('h1').innerText()).toBe(L(lang).waste.progress[step]);
        expect(await text('category-chip')).toBe(L(lang).waste.categories.kitchen);
        if (step.startsWith('weighing'))
          expect(await text('live-weight')).toBe(L(lang).waste.kg.replace('{{weight}}', '3.46'));
        else expect(await page.getByTestId('live-weight').count()).toBe(0);
      });
    }
    expect(await spoken()).toEqual(expect.arrayContaining(['Weighing, please wait', 'Opening the lid']));
  });

  it('dropping: 请投放, the countdown to closesAt, and 完成 sends waste.done', async () => {
    await load();
    pushSession(session({ step: 'dropping', chosen: 'kitchen', closesAt: Date.now() + 30_000 }));
    await page.getByTestId('waste-drop').waitFor();
    expect(await spoken()).toContain('请投放厨余垃圾');
    const first = Number(await page.getByTestId('drop-countdown').innerText());
    expect(first).toBeGreaterThanOrEqual(25);
    expect(first).toBeLessThanOrEqual(30);
    await expect
      .poll(async () => Number(await page.getByTestId('drop-countdown').innerText()), { timeout: 5_000 })
      .toBeLessThan(first);
    await checkScreen('waste-dropping', async (lang) => {
      expect(await page.locator('h1').innerText()).toBe(L(lang).waste.drop.title);
      expect(await text('category-chip')).toBe(L(lang).waste.categories.kitchen);
    });
    await page.getByTestId('waste-done').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'waste.done' }]);
  });

  it('result: kilograms, points, today, balance with 待同步, receipt preview, and the three buttons', async () => {
    await load();
    pushSession(session({ step: 'weighing-after', chosen: 'kitchen' }));
    await page.getByTestId('waste-progress').waitFor();
    pushSession(session({ step: 'result', chosen: 'kitchen', drops: [DROP] }));
    await page.getByTestId('waste-result').waitFor();
    await expect.poll(spoken).toContain('本次投放 1.25 千克，获得 3 积分');
    await checkScreen('waste-result', async (lang) => {
      const c = L(lang).waste;
      expect(await text('result-weight')).toBe(c.kg.replace('{{weight}}', '1.25'));
      expect(await text('result-points')).toBe('3');
      expect(await text('result-today')).toBe('12');
      expect(await text('result-balance')).toContain('520');
      expect(await text('result-pending')).toBe(c.result.pending.replace('{{pending}}', '+3'));
      // The shared receipt model's lines, in Chinese as printed.
      expect(await page.getByTestId('receipt-paper').getAttribute('lang')).toBe('zh-CN');
      const receipt = await text('receipt-paper');
      expect(receipt).toContain('垃圾分类投放凭证');
      expect(receipt).toContain(`站号：${STATION_ID}`);
      expect(receipt).toContain(`住户：${HOUSEHOLD}`);
      expect(receipt).toContain('类别：厨余垃圾');
      expect(receipt).toContain('重量：1.25 千克');
      expect(receipt).toContain('本次积分：+3 积分');
      expect(receipt).toContain('积分余额：520 (含待同步 3)');
      expect(await page.getByTestId('result-outcome').count()).toBe(0);
    });
    await switchTo('zh-CN');
    expect(await text('result-weight')).toBe('1.25 千克');
    expect(await text('result-pending')).toBe('待同步 +3');

    await page.getByTestId('receipt-print').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'receipt.print', dropId: DROP.dropId }]);

    // "再投一次": the tiles again, with the way back; choosing sends waste.choose.
    await page.getByTestId('waste-again').click();
    await page.getByTestId('waste-choose').waitFor();
    await checkScreen('waste-choose-again');
    await page.getByTestId('waste-back').click();
    await page.getByTestId('waste-result').waitFor();
    await page.getByTestId('waste-again').click();
    await page.getByTestId('category-kitchen').click();
    await expect.poll(() => agent.intents.at(-1)).toEqual({ type: 'waste.choose', category: 'kitchen' });

    // A confirmed balance has no 待同步.
    pushSession(
      session({
        step: 'result',
        drops: [{ ...DROP, balance: { confirmed: 520, pending: 0, shown: 520 } }],
      }),
    );
    await page.getByTestId('waste-back').click();
    await page.getByTestId('result-pending').waitFor({ state: 'detached' });

    // 完成: session.end finished, and the resident is gone at once.
    agent.intents.length = 0;
    await page.getByTestId('waste-finish').click();
    await page.getByTestId('attract').waitFor();
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'session.end', reason: 'finished', sessionId: 'e2e-session-1' }]);
    expect(await page.content()).not.toContain(HOUSEHOLD);
  });

  it('result outcomes: too light, too heavy for review, negative net, capped, partially capped', async () => {
    await load();
    const outcomes = [
      { outcome: 'too-light', netGrams: 30, points: 0, weight: '0.03' },
      { outcome: 'too-heavy-review', netGrams: 45_000, points: 0, weight: '45.00' },
      { outcome: 'negative-net', netGrams: -40, points: 0, weight: '-0.04' },
      { outcome: 'capped', netGrams: 2000, points: 0, weight: '2.00' },
      { outcome: 'partially-capped', netGrams: 3000, points: 1, weight: '3.00' },
    ] as const;
    for (const [index, { outcome, netGrams, points, weight }] of outcomes.entries()) {
      const drop: DropResult = {
        ...DROP,
        dropId: `drop-${outcome}`,
        outcome,
        netGrams,
        points,
        balance: { confirmed: 520, pending: points, shown: 520 + points },
        recovered: outcome === 'capped',
      };
      pushSession(
        session({ sessionId: `outcome-${index}`, step: 'result', drops: [drop], notice: { code: outcome } }),
      );
      await page.locator(`[data-testid="waste-result"][data-outcome="${outcome}"]`).waitFor();
      const check = async (lang: Lang) => {
        expect(await text('result-outcome')).toBe(L(lang).notices[outcome]);
        expect(await text('result-weight')).toBe(L(lang).waste.kg.replace('{{weight}}', weight));
        expect(await text('result-points')).toBe(String(points));
        // The agent's notice repeats the outcome: shown once.
        expect(await page.getByTestId('waste-notice').count()).toBe(0);
        expect(await page.getByTestId('result-recovered').count()).toBe(outcome === 'capped' ? 1 : 0);
      };
      if (outcome === 'too-heavy-review') await checkScreen(`waste-result-${outcome}`, check);
      else {
        await switchTo('zh-CN');
        await check('zh-CN');
        await shoot(`waste-result-${outcome}-zh-CN`, true);
      }
    }
    await expect.poll(spoken).toContain('本次投放 0.03 千克，获得 0 积分。重量过轻，本次不计积分');
  });

  it('elderly mode and high contrast on the choice and result screens', async () => {
    await load();
    pushSession(session());
    await page.getByTestId('waste-choose').waitFor();
    const tileHeight = () =>
      page.getByTestId('category-kitchen').evaluate((b) => b.getBoundingClientRect().height);
    const before = await tileHeight();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-elderly').click();
    await page.getByTestId('setting-highContrast').click();
    await page.getByTestId('settings-back').click();
    await page.getByTestId('waste-choose').waitFor();
    expect(await tileHeight()).toBeGreaterThan(before);
    await checkScreen('waste-choose-elderly-contrast', undefined, false);
    pushSession(session({ step: 'result', chosen: 'kitchen', drops: [DROP] }));
    await page.getByTestId('waste-result').waitFor();
    await checkScreen('waste-result-elderly-contrast', undefined, false);
    pushSession(session({ step: 'dropping', chosen: 'kitchen', closesAt: Date.now() + 30_000 }));
    await page.getByTestId('waste-drop').waitFor();
    await checkScreen('waste-dropping-elderly-contrast', undefined, false);
  });

  it('waste.session null: back to the attract screen with nothing of the session left', async () => {
    await load();
    await page.getByTestId('lang-en').click();
    pushSession(session({ step: 'result', drops: [DROP] }));
    await page.getByTestId('waste-result').waitFor();
    pushSession(null);
    await page.getByTestId('attract').waitFor();
    const html = await page.content();
    expect(html).not.toContain(HOUSEHOLD);
    expect(html).not.toContain('520');
    // The resident's preferences went with them.
    expect(await page.getByTestId('app').getAttribute('data-lang')).toBe('zh-CN');
    expect(agent.intents).toEqual([]);
  });

  it('the idle timeout ends a waste session and wipes it', async () => {
    await load('?idle=2&countdown=2');
    pushSession(session({ step: 'result', drops: [DROP] }));
    await page.getByTestId('waste-result').waitFor();
    await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
    await page.getByTestId('attract').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'session.end', reason: 'idle', sessionId: 'e2e-session-1' }]);
    expect(await page.content()).not.toContain(HOUSEHOLD);
  });

  it('loaded without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
