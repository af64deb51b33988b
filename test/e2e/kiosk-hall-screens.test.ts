import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HallSessionView } from '@yaofang/shared/hall-session';
import type { BrowserHandle } from '../harness/browser.ts';
import { catalogue as L, fill, kioskScreenChecks, openKioskPage } from '../harness/kiosk-screens.ts';
import { ScriptedAgent } from '../harness/scripted-agent.ts';
import { zhCN } from '../../kiosk/renderer/src/i18n/zh-cn.ts';

const STATION_ID = 'E2E-HALL';

// Data from the agent and the central, shown as it came (names, titles, reasons).
const MASKED_NAME = '张*三';
const MASKED_ID = '320102********1234';
const HOUSEHOLD = 'H-***07';
const APPROVAL_TITLE = '高龄津贴申请';
const REFUSAL = '超出个人存储上限';
const FAMILY_LABEL = '李*四';
const FAMILY_KEY = 'b'.repeat(64);
const HAN_WHITELIST = [MASKED_NAME, APPROVAL_TITLE, REFUSAL, FAMILY_LABEL];

// ------------------------------------------------------------------ the script's data

function session(patch: Partial<HallSessionView> = {}): HallSessionView {
  return {
    sessionId: 'e2e-hall-1',
    resident: { signedInWith: 'idcard', maskedName: MASKED_NAME, maskedIdNumber: MASKED_ID, household: null },
    balances: {
      points: { confirmed: 517, pending: 3, shown: 520 },
      minutes: { confirmed: 300, pending: -30, shown: 270 },
    },
    history: null,
    binding: { state: 'idle' },
    service: null,
    operations: [],
    family: null,
    approvals: null,
    ticket: null,
    notice: null,
    ...patch,
  };
}

const HISTORY: NonNullable<HallSessionView['history']> = {
  source: 'cache',
  stale: true,
  entries: [
    {
      at: '2025-03-01T09:15:00+08:00',
      account: 'points',
      amount: 3,
      kind: 'drop',
      status: 'pending',
      reason: null,
    },
    {
      at: '2025-02-28T18:02:00+08:00',
      account: 'points',
      amount: -50,
      kind: 'redeem',
      status: 'confirmed',
      reason: null,
    },
    {
      at: '2025-02-27T10:00:00+08:00',
      account: 'minutes',
      amount: 60,
      kind: 'deposit',
      status: 'confirmed',
      reason: null,
    },
    {
      at: '2025-02-28T11:00:00+08:00',
      account: 'minutes',
      amount: -30,
      kind: 'withdraw',
      status: 'pending',
      reason: null,
    },
  ],
};

const OPERATIONS: HallSessionView['operations'] = [
  { opId: 'op-1', kind: 'withdraw', minutes: 30, status: 'pending', reason: null },
  { opId: 'op-2', kind: 'donate', minutes: 20, status: 'accepted', reason: null },
  { opId: 'op-3', kind: 'transfer', minutes: 600, status: 'rejected', reason: REFUSAL },
];

/**
 * Every self-service hall screen, driven by a scripted agent: the right data
 * in both languages, the right intents from each button, no serious axe
 * violation, ≥ 64 px targets, nothing overflowing sideways, and screenshots
 * portrait and landscape.
 */
describe('kiosk self-service hall screens (scripted agent, Chromium)', () => {
  let agent: ScriptedAgent;
  let browser: BrowserHandle;
  let page: Page;
  let cspViolations: string[] = [];
  const { load, switchTo, text, spoken, shoot, checkScreen } = kioskScreenChecks({
    page: () => page,
    url: () => agent.url,
    hanWhitelist: HAN_WHITELIST,
  });
  const pushSession = (session: HallSessionView | null) => agent.push({ type: 'hall.session', session });

  beforeAll(async () => {
    agent = await ScriptedAgent.start({ stationId: STATION_ID, retained: ['hall.session'] });
    ({ browser, page, cspViolations } = await openKioskPage());
  });

  afterAll(async () => {
    await browser?.close();
    await agent?.stop();
  });

  beforeEach(() => {
    agent.intents.length = 0;
    pushSession(null);
  });

  async function typeKeys(keys: string): Promise<void> {
    for (const key of keys) await page.getByTestId(`osk-${key}`).click();
    await page.locator('.osk-done').click();
  }

  async function signIn(patch: Partial<HallSessionView> = {}, query?: string): Promise<void> {
    await load(query);
    pushSession(session(patch));
    await page.getByTestId('hall-home-screen').waitFor();
  }

  // ------------------------------------------------------------------ the screens

  it('hall home after an ID-card sign-in: masked name and ID only, six tiles, welcome spoken', async () => {
    await signIn();
    await expect.poll(spoken).toContain('欢迎，请选择业务');
    await checkScreen('hall-home', async (lang) => {
      const c = L(lang).hall.home;
      expect(await text('hall-name')).toBe(fill(c.greeting, { name: MASKED_NAME }));
      expect(await text('hall-id')).toBe(fill(c.idNumber, { id: MASKED_ID }));
      expect(await text('tile-points')).toBe(`${c.points} ${fill(c.pointsHint, { points: 520 })}`);
      expect(await text('tile-timebank')).toBe(`${c.timebank} ${fill(c.timebankHint, { minutes: 270 })}`);
      expect(await text('tile-bind')).toContain(c.bind);
      expect(await text('tile-approvals')).toContain(c.approvals);
      expect(await text('tile-queue')).toContain(c.queue);
      expect(await text('hall-finish')).toContain(c.exit);
    });
    // Nothing unmasked ever reaches the page.
    expect(await page.content()).not.toMatch(/\d{17}[\dX]/);

    await switchTo('zh-CN');
    await page.getByTestId('tile-bind').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'hall.bind.start' }]);
    pushSession(session({ binding: { state: 'waiting-card' } }));
    await page.getByTestId('bind-waiting').waitFor();
    expect(await page.getByTestId('tile-bind').isDisabled()).toBe(true);
    await expect.poll(spoken).toContain('请放上要绑定的卡片');
    for (const code of ['bind-pending', 'bind-confirmed', 'bind-rejected'] as const) {
      const state = code.slice(5) as 'pending' | 'confirmed' | 'rejected';
      pushSession(session({ binding: { state }, notice: { code } }));
      await page.locator(`[data-testid="hall-notice"][data-code="${code}"]`).waitFor();
      expect(await text('hall-notice')).toBe(zhCN.hall.notices[code]);
      expect(await text('tile-bind')).toContain(zhCN.hall.bind.state[state]);
    }
    await shoot('hall-home-bind-rejected-zh-CN', true);
  });

  it('hall home after an RFID sign-in: the household, no bind tile; the agent notices', async () => {
    await signIn({
      resident: { signedInWith: 'rfid', maskedName: null, maskedIdNumber: null, household: HOUSEHOLD },
      notice: { code: 'central-unreachable' },
    });
    await checkScreen('hall-home-rfid', async (lang) => {
      expect(await text('hall-household')).toBe(fill(L(lang).hall.home.household, { household: HOUSEHOLD }));
      expect(await page.getByTestId('tile-bind').count()).toBe(0);
      expect(await text('hall-notice')).toBe(L(lang).hall.notices['central-unreachable']);
    });
    await switchTo('zh-CN');
    expect(await text('hall-notice')).toContain('数据来自本机缓存');
    const notices = [
      ['idcard-invalid', undefined],
      ['idcard-expired', undefined],
      ['unbound-card', undefined],
      ['card-already-bound', undefined],
      ['insufficient-balance', undefined],
      ['printer-fault', undefined],
      ['storage-full', undefined],
    ] as const;
    for (const [code] of notices) {
      pushSession(session({ notice: { code } }));
      await page.locator(`[data-testid="hall-notice"][data-code="${code}"]`).waitFor();
      expect(await text('hall-notice')).toBe(zhCN.hall.notices[code]);
    }
    pushSession(session({ notice: { code: 'offline-quota', detail: '30' } }));
    await page.locator('[data-testid="hall-notice"][data-code="offline-quota"]').waitFor();
    expect(await text('hall-notice')).toBe(fill(zhCN.hall.notices.offlineQuotaDetail, { detail: '30' }));
    await expect.poll(spoken).toContain(fill(zhCN.hall.notices.offlineQuotaDetail, { detail: '30' }));
    await checkScreen('hall-home-offline-quota', async (lang) => {
      expect(await text('hall-notice')).toBe(fill(L(lang).hall.notices.offlineQuotaDetail, { detail: '30' }));
    });
  });

  it('我的积分: loads the history, marks 待同步 and cached data, prints a receipt; A4 in browser mode', async () => {
    await signIn();
    await page.getByTestId('tile-points').click();
    await page.getByTestId('hall-points').waitFor();
    await expect.poll(() => agent.intents).toEqual([{ type: 'hall.history.load', account: 'points' }]);
    expect(await page.getByTestId('history-loading').count()).toBe(1);
    expect(await page.getByTestId('print-a4').isDisabled()).toBe(true);
    pushSession(session({ history: HISTORY, notice: { code: 'central-unreachable' } }));
    await page.getByTestId('history-list').waitFor();
    await checkScreen(
      'hall-points',
      async (lang) => {
        const c = L(lang).hall;
        expect(await text('account-balance-shown')).toBe('520');
        expect(await text('account-balance-pending')).toBe(fill(c.balance.pending, { pending: '+3' }));
        expect(await text('history-source')).toBe(c.account.source.cache);
        expect(await text('history-stale')).toBe(c.account.stale);
        const rows = await page.getByTestId('history-list').locator('li').allInnerTexts();
        expect(rows).toHaveLength(2);
        expect(rows[0]).toContain('2025-03-01 09:15');
        expect(rows[0]).toContain(c.kinds.drop);
        expect(rows[0]).toContain(`+3 ${c.units.points}`);
        expect(rows[0]).toContain(c.status.pending);
        expect(rows[1]).toContain(`-50 ${c.units.points}`);
        expect(rows[1]).toContain(c.status.confirmed);
      },
      false,
    );
    await switchTo('zh-CN');
    expect(await text('account-balance-pending')).toBe('待同步 +3');
    expect(await text('history-source')).toBe('数据来自本机缓存');

    agent.intents.length = 0;
    await page.getByTestId('history-reload').click();
    await page.getByTestId('print-receipt').click();
    await expect
      .poll(() => agent.intents)
      .toEqual([
        { type: 'hall.history.load', account: 'points' },
        { type: 'hall.statement.print', account: 'points', format: 'receipt' },
      ]);
    // Browser mode has no A4 printer: say where to print it.
    await page.getByTestId('print-a4').click();
    await page.locator('[data-testid="a4-status"][data-state="unavailable"]').waitFor();
    expect(await text('a4-status')).toBe(zhCN.hall.account.a4.unavailable);

    // Confirmed balance: no 待同步.
    pushSession(
      session({
        history: HISTORY,
        balances: { ...session().balances, points: { confirmed: 520, pending: 0, shown: 520 } },
      }),
    );
    await page.getByTestId('account-balance-pending').waitFor({ state: 'detached' });
    await page.getByTestId('hall-home').click();
    await page.getByTestId('hall-home-screen').waitFor();
  });

  it('A4 statement in Electron: the HTML goes to window.yaofang.printA4', async () => {
    await signIn({ history: HISTORY });
    await page.evaluate(() => {
      const printed: string[] = [];
      Object.assign(window, {
        printed,
        yaofang: {
          printA4: (html: string) => {
            printed.push(html);
            return Promise.resolve({ ok: true });
          },
        },
      });
    });
    await page.getByTestId('tile-timebank').click();
    await page.getByTestId('tb-statement').click();
    await page.getByTestId('hall-minutes').waitFor();
    await expect.poll(() => agent.intents).toEqual([{ type: 'hall.history.load', account: 'minutes' }]);
    await page.getByTestId('print-a4').click();
    await page.locator('[data-testid="a4-status"][data-state="sent"]').waitFor();
    const printed = await page.evaluate(() => (window as unknown as { printed: string[] }).printed);
    expect(printed).toHaveLength(1);
    const html = printed[0]!;
    expect(html).toContain('时间银行对账单');
    expect(html).toContain(`站点</th><td>${STATION_ID}`);
    expect(html).toContain(MASKED_ID);
    expect(html).toContain('270 分钟');
    expect(html).toContain('+60 分钟');
    expect(html).toContain('-30 分钟');
    expect(html).not.toContain('垃圾分类投放');
    await checkScreen(
      'hall-minutes-a4-sent',
      async (lang) => {
        expect(await text('a4-status')).toBe(L(lang).hall.account.a4.sent);
        expect(await text('account-balance-pending')).toBe(
          fill(L(lang).hall.balance.pending, { pending: -30 }),
        );
      },
      false,
    );
  });

  it('时间银行: recent operations with answers; a volunteer service from start to submitted', async () => {
    await signIn({ operations: OPERATIONS });
    await page.getByTestId('tile-timebank').click();
    await page.getByTestId('hall-timebank').waitFor();
    await checkScreen(
      'hall-timebank',
      async (lang) => {
        const c = L(lang).hall;
        expect(await text('minutes-balance-shown')).toBe('270');
        expect(await text('op-op-1')).toContain(c.opStatus.pending);
        expect(await text('op-op-2')).toContain(c.opStatus.accepted);
        expect(await text('op-op-3')).toBe(
          `${c.opKinds.transfer} ${fill(c.service.minutes, { minutes: 600 })} ${c.opStatus.rejected} · ${REFUSAL}`,
        );
      },
      false,
    );
    await switchTo('zh-CN');
    await page.getByTestId('tb-record').click();
    await checkScreen('hall-timebank-record', async (lang) => {
      expect(await text('service-elderly-care')).toBe(L(lang).hall.serviceTypes['elderly-care']);
    });
    await switchTo('zh-CN');
    await page.getByTestId('service-elderly-care').click();
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'timebank.service.start', serviceType: 'elderly-care' }]);

    const service = {
      serviceType: 'elderly-care' as const,
      startedAt: null,
      endTaps: { volunteer: false, recipient: false },
      minutes: null,
    };
    pushSession(session({ operations: OPERATIONS, service: { ...service, state: 'waiting-recipient' } }));
    await page.locator('[data-testid="service"][data-state="waiting-recipient"]').waitFor();
    expect(await text('service-prompt')).toBe('请受助人刷卡');
    await expect.poll(spoken).toContain('请受助人刷卡');
    await checkScreen('hall-service-recipient', async (lang) => {
      expect(await text('service-prompt')).toBe(L(lang).hall.service.recipientTap);
    });

    pushSession(
      session({
        operations: OPERATIONS,
        service: { ...service, state: 'in-progress', startedAt: Date.now() - 12 * 60_000 - 5_000 },
      }),
    );
    await page.locator('[data-testid="service"][data-state="in-progress"]').waitFor();
    await checkScreen('hall-service-in-progress', async (lang) => {
      expect(await text('service-prompt')).toBe(L(lang).hall.service.inProgress);
      expect(await text('service-elapsed')).toBe('12');
    });
    await switchTo('zh-CN');
    agent.intents.length = 0;
    await page.getByTestId('service-end').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'timebank.service.end' }]);

    pushSession(
      session({
        operations: OPERATIONS,
        service: {
          ...service,
          state: 'waiting-end-taps',
          minutes: 12,
          endTaps: { volunteer: true, recipient: false },
        },
      }),
    );
    await page.locator('[data-testid="service"][data-state="waiting-end-taps"]').waitFor();
    await expect.poll(spoken).toContain('请双方再次刷卡');
    await checkScreen('hall-service-end-taps', async (lang) => {
      const c = L(lang).hall.service;
      expect(await text('service-prompt')).toBe(c.bothTap);
      expect(await text('tap-volunteer')).toBe(`${c.volunteer} ${c.tapped}`);
      expect(await text('tap-recipient')).toBe(`${c.recipient} ${c.notTapped}`);
    });
    await switchTo('zh-CN');
    expect(await text('service-prompt')).toBe('请双方再次刷卡');

    pushSession(
      session({
        operations: [
          { opId: 'op-0', kind: 'deposit', minutes: 12, status: 'pending', reason: null },
          ...OPERATIONS,
        ],
        service: {
          ...service,
          state: 'submitted',
          minutes: 12,
          endTaps: { volunteer: true, recipient: true },
        },
      }),
    );
    await page.getByTestId('service-submitted').waitFor();
    expect(await text('service-submitted')).toBe(fill(zhCN.hall.service.submitted, { minutes: 12 }));
    expect(await text('op-op-0')).toBe('志愿服务 12 分钟 待中心确认');
  });

  it('时间银行: withdraw, donate and transfer with the minutes keypad', async () => {
    await signIn();
    await page.getByTestId('tile-timebank').click();
    await page.getByTestId('tb-withdraw').click();
    await page.getByTestId('service-mutual-help').click();
    await page.getByTestId('minutes-keypad').waitFor();
    await checkScreen(
      'hall-timebank-keypad',
      async (lang) => {
        expect(await page.getByTestId('minutes-keypad').innerText()).toContain(
          fill(L(lang).hall.timebank.withdrawMinutes, { service: L(lang).hall.serviceTypes['mutual-help'] }),
        );
      },
      false,
    );
    // Nothing typed: a plain message, no intent.
    await page.locator('.osk-done').click();
    await page.getByTestId('minutes-invalid').waitFor();
    expect(agent.intents).toEqual([]);
    await typeKeys('90');
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'timebank.withdraw', minutes: 90, serviceType: 'mutual-help' }]);
    await page.getByTestId('tb-donate').click();
    await typeKeys('30');
    await expect.poll(() => agent.intents.at(-1)).toEqual({ type: 'timebank.donate', minutes: 30 });

    await page.getByTestId('tb-transfer').click();
    await expect.poll(() => agent.intents.at(-1)).toEqual({ type: 'timebank.family.load' });
    await page.getByTestId('family-loading').waitFor();
    pushSession(session({ family: [{ residentKey: FAMILY_KEY, label: FAMILY_LABEL }] }));
    await page.getByTestId(`family-${FAMILY_KEY.slice(0, 8)}`).waitFor();
    await checkScreen('hall-timebank-family', async () => {
      expect(await text(`family-${FAMILY_KEY.slice(0, 8)}`)).toBe(FAMILY_LABEL);
    });
    await switchTo('zh-CN');
    await page.getByTestId(`family-${FAMILY_KEY.slice(0, 8)}`).click();
    await typeKeys('45');
    await expect
      .poll(() => agent.intents.at(-1))
      .toEqual({ type: 'timebank.transfer', toKey: FAMILY_KEY, minutes: 45 });
    await page.getByTestId('tb-record').waitFor();
  });

  it('审批查询: the number keypad, 我的申请, offline with a slip, a late answer', async () => {
    await signIn();
    await page.getByTestId('tile-approvals').click();
    await page.getByTestId('hall-approvals').waitFor();
    await checkScreen('hall-approvals', undefined, false);
    await switchTo('zh-CN');
    await typeKeys('12');
    await page.getByTestId('approval-invalid').waitFor();
    expect(agent.intents).toEqual([]);
    await page.getByTestId('osk-clear').click();
    await typeKeys('20250301');
    await expect.poll(() => agent.intents).toEqual([{ type: 'approval.lookup', applicationNo: '20250301' }]);
    pushSession(session({ approvals: { state: 'loading', items: [] } }));
    await page.locator('[data-testid="approvals"][data-state="loading"]').waitFor();
    pushSession(
      session({
        approvals: {
          state: 'ok',
          items: [
            {
              applicationNo: '20250301',
              title: APPROVAL_TITLE,
              status: 'in-review',
              updatedAt: '2025-03-02T10:00:00+08:00',
            },
          ],
        },
      }),
    );
    await page.getByTestId('approvals-list').waitFor();
    await checkScreen(
      'hall-approvals-result',
      async (lang) => {
        const c = L(lang).hall.approvals;
        expect(await text('approval-20250301')).toBe(
          `${APPROVAL_TITLE} ${fill(c.number, { number: '20250301' })} ${c.status['in-review']} ${fill(c.updated, { time: '2025-03-02' })}`,
        );
      },
      false,
    );
    await switchTo('zh-CN');
    await page.getByTestId('approval-mine').click();
    await expect.poll(() => agent.intents.at(-1)).toEqual({ type: 'approval.mine' });

    pushSession(session({ approvals: { state: 'offline', items: [] } }));
    await page.getByTestId('approval-slip').waitFor();
    await checkScreen(
      'hall-approvals-offline',
      async (lang) => {
        expect(await text('approvals-message')).toBe(L(lang).hall.approvals.offline);
      },
      false,
    );
    await page.getByTestId('approval-slip').click();
    await expect.poll(() => agent.intents.at(-1)).toEqual({ type: 'approval.slip.print' });
    for (const [state, message] of [
      ['late', zhCN.hall.approvals.late],
      ['not-found', zhCN.hall.approvals.notFound],
    ] as const) {
      pushSession(session({ approvals: { state, items: [] } }));
      await page.locator(`[data-testid="approvals"][data-state="${state}"]`).waitFor();
      await switchTo('zh-CN');
      expect(await text('approvals-message')).toBe(message);
    }
  });

  it('取号: pick a service, queue.take, the number big', async () => {
    await signIn();
    await page.getByTestId('tile-queue').click();
    await page.getByTestId('hall-queue').waitFor();
    await checkScreen('hall-queue', async (lang) => {
      expect(await text('queue-social-security')).toBe(L(lang).hall.queue.services['social-security']);
    });
    await switchTo('zh-CN');
    await page.getByTestId('queue-civil-affairs').click();
    await expect.poll(() => agent.intents).toEqual([{ type: 'queue.take', service: 'civil-affairs' }]);
    pushSession(
      session({
        ticket: { service: 'civil-affairs', number: 'B017', issuedAt: '2025-03-01T09:00:00+08:00' },
      }),
    );
    await page.getByTestId('ticket').waitFor();
    await expect.poll(spoken).toContain('您的号码是 B017');
    await checkScreen('hall-queue-ticket', async (lang) => {
      expect(await text('ticket-number')).toBe('B017');
      expect(await text('ticket-service')).toBe(L(lang).hall.queue.services['civil-affairs']);
      const size = await page
        .getByTestId('ticket-number')
        .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(size).toBeGreaterThanOrEqual(120);
    });
  });

  it('elderly mode and high contrast on the hall screens', async () => {
    await signIn({ operations: OPERATIONS, history: HISTORY });
    const tileHeight = () =>
      page.getByTestId('tile-points').evaluate((b) => b.getBoundingClientRect().height);
    const before = await tileHeight();
    await page.getByTestId('open-settings').click();
    await page.getByTestId('setting-elderly').click();
    await page.getByTestId('setting-highContrast').click();
    await page.getByTestId('settings-back').click();
    await page.getByTestId('hall-home-screen').waitFor();
    expect(await tileHeight()).toBeGreaterThan(before);
    await checkScreen('hall-home-elderly-contrast', undefined, false);
    await page.getByTestId('tile-timebank').click();
    await checkScreen('hall-timebank-elderly-contrast', undefined, false);
    await page.getByTestId('tb-donate').click();
    await checkScreen('hall-keypad-elderly-contrast', undefined, false);
    await page.getByTestId('hall-home').click();
    await page.getByTestId('tile-points').click();
    await checkScreen('hall-points-elderly-contrast', undefined, false);
  });

  it('退出 ends the session and wipes it; hall.session null does too', async () => {
    await signIn({ history: HISTORY });
    await page.getByTestId('lang-en').click();
    await page.getByTestId('hall-finish').click();
    await page.getByTestId('attract').waitFor();
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'session.end', reason: 'finished', sessionId: 'e2e-hall-1' }]);
    expect(await page.content()).not.toContain(MASKED_ID);
    expect(await page.getByTestId('app').getAttribute('data-lang')).toBe('zh-CN');

    agent.intents.length = 0;
    pushSession(session());
    await page.getByTestId('hall-home-screen').waitFor();
    await page.getByTestId('tile-queue').click();
    pushSession(null);
    await page.getByTestId('attract').waitFor();
    const html = await page.content();
    expect(html).not.toContain(MASKED_NAME);
    expect(html).not.toContain(MASKED_ID);
    expect(agent.intents).toEqual([]);
  });

  it('the idle timeout ends a hall session and wipes it', async () => {
    await signIn({}, '?idle=2&countdown=2');
    await page.getByTestId('idle-dialog').waitFor({ timeout: 10_000 });
    await page.getByTestId('attract').waitFor({ timeout: 10_000 });
    await expect
      .poll(() => agent.intents)
      .toEqual([{ type: 'session.end', reason: 'idle', sessionId: 'e2e-hall-1' }]);
    expect(await page.content()).not.toContain(MASKED_ID);
  });

  it('loaded without a single Content-Security-Policy violation', () => {
    expect(cspViolations).toEqual([]);
  });
});
