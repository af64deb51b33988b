import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n.ts';
import { hallSession } from './fixtures.ts';
import { elapsedMinutes, hallNoticeText, hallSpeech, kindText, parseMinutes } from './hall-text.ts';

const i18n = createI18n();
const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('hall words', () => {
  it('says each notice, offline-quota with its detail', () => {
    expect(hallNoticeText({ code: 'central-unreachable' }, zh)).toContain('数据来自本机缓存');
    expect(hallNoticeText({ code: 'offline-quota', detail: '30' }, zh)).toContain('（30）');
    expect(hallNoticeText({ code: 'offline-quota' }, en)).toMatch(/^Offline/);
  });

  it('takes only whole minutes the central accepts', () => {
    expect(parseMinutes('90')).toBe(90);
    expect(parseMinutes('0')).toBeNull();
    expect(parseMinutes('')).toBeNull();
    expect(parseMinutes('999999')).toBeNull();
    expect(parseMinutes('1.5')).toBeNull();
  });

  it('counts whole elapsed minutes', () => {
    expect(elapsedMinutes(0, 125_000)).toBe(2);
    expect(elapsedMinutes(null, 125_000)).toBe(0);
    expect(elapsedMinutes(10_000, 0)).toBe(0);
  });

  it('shows an unknown kind as it came', () => {
    expect(kindText('deposit', zh)).toBe('志愿服务');
    expect(kindText('mystery', zh)).toBe('mystery');
  });

  it('speaks a welcome, then only what changed', () => {
    const first = hallSession();
    expect(hallSpeech(null, first, zh)).toBe('欢迎，请选择业务');
    expect(hallSpeech(first, { ...first, balances: first.balances }, zh)).toBeNull();
    const waiting = hallSession({
      service: {
        state: 'waiting-recipient',
        serviceType: 'elderly-care',
        startedAt: null,
        endTaps: { volunteer: false, recipient: false },
        minutes: null,
      },
    });
    expect(hallSpeech(first, waiting, zh)).toBe('请受助人刷卡');
    const ending = hallSession({
      service: {
        ...waiting.service!,
        state: 'waiting-end-taps',
        endTaps: { volunteer: true, recipient: false },
      },
    });
    expect(hallSpeech(waiting, ending, zh)).toBe('请双方再次刷卡');
    expect(
      hallSpeech(first, hallSession({ ticket: { service: 'general', number: 'A012', issuedAt: '' } }), zh),
    ).toBe('您的号码是 A012');
    expect(hallSpeech(first, hallSession({ notice: { code: 'bind-confirmed' } }), en)).toBe(
      'The card is bound',
    );
  });
});
