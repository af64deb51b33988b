import { describe, expect, it } from 'vitest';
import type { TechnicianResult } from '@yaofang/shared/technician';
import { createI18n } from '../i18n/i18n.ts';
import { localClock, localDateTime, newestFrames, resultText, spacedHex } from './technician-text.ts';

const result = (patch: Partial<TechnicianResult>): TechnicianResult => ({
  id: 1,
  action: 'printer.test',
  outcome: 'failed',
  code: 'paper-out',
  detail: 'status 0x0c',
  ...patch,
});

describe('technician texts', () => {
  const i18n = createI18n();
  const zh = i18n.getFixedT('zh-CN');
  const en = i18n.getFixedT('en');

  it('names the action and the outcome code in the screen language', () => {
    expect(resultText(result({}), zh)).toBe('测试打印：打印机缺纸');
    expect(resultText(result({}), en)).toBe('Test print: the printer is out of paper');
    expect(resultText(result({ action: 'login', code: 'wrong-pin' }), zh)).toBe('登录：密码错误');
    expect(resultText(result({ action: 'bin.open', outcome: 'ok', code: 'ok' }), en)).toBe('Open lid: done');
  });

  it('says a login found no PIN configured, not a device', () => {
    expect(resultText(result({ action: 'login', outcome: 'refused', code: 'not-configured' }), zh)).toBe(
      '登录：本站未设置维护密码',
    );
    expect(resultText(result({ code: 'not-configured' }), zh)).toBe('测试打印：本站未配置该设备');
    expect(resultText(result({ action: 'bin.open', outcome: 'refused', code: 'pin-required' }), en)).toBe(
      'Open lid: enter the PIN first',
    );
  });

  it('falls back to the outcome for a code the catalogues do not know', () => {
    expect(resultText(result({ code: 'firmware-too-old' }), zh)).toBe('测试打印：未能完成');
    expect(resultText(result({ code: 'x', outcome: 'refused', action: 'agent.restart' }), en)).toBe(
      'Restart the terminal service: refused',
    );
  });

  it('writes local times with digits only', () => {
    const at = new Date(2025, 2, 1, 9, 5, 7, 42).getTime();
    expect(localDateTime(at)).toBe('2025-03-01 09:05');
    expect(localDateTime(at, true)).toBe('2025-03-01 09:05:07');
    expect(localClock(at)).toBe('09:05:07.042');
  });

  it('spaces hex bytes and leaves anything else alone', () => {
    expect(spacedHex('02a0ff')).toBe('02 A0 FF');
    expect(spacedHex('02 a0 ff')).toBe('02 A0 FF');
    expect(spacedHex('')).toBe('');
    expect(spacedHex('abc')).toBe('abc');
    expect(spacedHex('<garbled>')).toBe('<garbled>');
  });

  it('lists the newest frames first, a screenful at most', () => {
    const frames = Array.from({ length: 12 }, (_, at) => ({ at }));
    expect(newestFrames(frames).map((f) => f.at)).toEqual([11, 10, 9, 8, 7, 6, 5, 4]);
  });
});
