import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n.ts';
import { DROP, session } from './fixtures.ts';
import { categoryStateText, noticeText, outcomeText, wasteSpeech } from './waste-text.ts';

const i18n = createI18n();
const zh = i18n.getFixedT('zh-CN');
const en = i18n.getFixedT('en');

describe('noticeText', () => {
  it('says where to bind an unbound card', () => {
    expect(noticeText({ code: 'unbound-card' }, zh)).toBe('此卡未绑定，请到自助服务大厅绑定');
    expect(noticeText({ code: 'unbound-card' }, en)).toMatch(/not registered/);
  });
  it('gives the opening time of a closed category when known', () => {
    expect(noticeText({ code: 'category-closed', opensAtLocal: '18:00' }, zh)).toBe(
      '该类别现在未开放，18:00 开放',
    );
    expect(noticeText({ code: 'category-closed' }, zh)).toBe('该类别现在未开放');
  });
  it('names the broken device in the current language', () => {
    expect(noticeText({ code: 'device-fault', device: 'scale' }, zh)).toBe('电子秤故障，请联系工作人员');
    expect(noticeText({ code: 'device-fault', device: 'scale' }, en)).toBe(
      'The scale is out of order. Please ask staff',
    );
    expect(noticeText({ code: 'device-fault', device: 'mystery-9' }, zh)).toBe('设备故障，请联系工作人员');
  });
});

describe('categoryStateText and outcomeText', () => {
  it('show each state', () => {
    expect(categoryStateText({ state: 'open' }, zh)).toBe('开放');
    expect(categoryStateText({ state: 'closed-until', opensAt: 0, opensAtLocal: '07:00' }, zh)).toBe(
      '07:00 开放',
    );
    expect(categoryStateText({ state: 'full' }, zh)).toBe('已满仓');
    expect(categoryStateText({ state: 'fault', reason: 'x' }, zh)).toBe('故障');
    expect(categoryStateText(undefined, en)).toBe('Not available');
  });
  it('say nothing about a credited drop', () => {
    expect(outcomeText('credited', zh)).toBeNull();
    expect(outcomeText('too-light', zh)).toBe('重量过轻，本次不计积分');
  });
});

describe('wasteSpeech', () => {
  it('prompts for each new step', () => {
    const choose = session();
    expect(wasteSpeech(null, choose, zh)).toBe('请选择垃圾类别');
    const weighing = session({ step: 'weighing-before', chosen: 'kitchen' });
    expect(wasteSpeech(choose, weighing, zh)).toBe('正在称重，请稍候');
    const dropping = session({ step: 'dropping', chosen: 'kitchen', closesAt: 1 });
    expect(wasteSpeech(weighing, dropping, zh)).toBe('请投放厨余垃圾');
    expect(wasteSpeech(weighing, dropping, en)).toBe('Please put Kitchen waste in the opening');
  });

  it('stays quiet when only data within a step changes', () => {
    const a = session({ step: 'weighing-before', liveGrams: 100 });
    expect(wasteSpeech(a, { ...a, liveGrams: 120 }, zh)).toBeNull();
    expect(wasteSpeech(a, null, zh)).toBeNull();
  });

  it('reads the result in kilograms and points, once per drop', () => {
    const closing = session({ step: 'weighing-after', chosen: 'kitchen' });
    const result = session({ step: 'result', chosen: 'kitchen', drops: [DROP] });
    expect(wasteSpeech(closing, result, zh)).toBe('本次投放 1.25 千克，获得 3 积分');
    expect(wasteSpeech(closing, result, en)).toBe('You dropped 1.25 kg and earned 3 points');
    const confirmed = {
      ...result,
      drops: [{ ...DROP, balance: { confirmed: 520, pending: 0, shown: 520 } }],
    };
    expect(wasteSpeech(result, confirmed, zh)).toBeNull();
  });

  it('adds the outcome of a drop that earned nothing, without repeating the same notice', () => {
    const light = { ...DROP, netGrams: 30, points: 0, outcome: 'too-light' as const };
    const result = session({ step: 'result', drops: [light], notice: { code: 'too-light' } });
    expect(wasteSpeech(null, result, zh)).toBe('本次投放 0.03 千克，获得 0 积分。重量过轻，本次不计积分');
  });

  it('says a new notice before the prompt', () => {
    const choose = session();
    const refused = session({ notice: { code: 'category-closed', opensAtLocal: '18:00' } });
    expect(wasteSpeech(choose, refused, zh)).toBe('该类别现在未开放，18:00 开放');
    expect(wasteSpeech(null, refused, zh)).toBe('该类别现在未开放，18:00 开放。请选择垃圾类别');
    expect(wasteSpeech(refused, refused, zh)).toBeNull();
  });
});
