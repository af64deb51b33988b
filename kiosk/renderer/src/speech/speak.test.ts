import { describe, expect, it, vi } from 'vitest';
import { speak, stopSpeaking } from './speak.ts';

describe('speak', () => {
  it('does nothing, and says so, where there is no speech engine', () => {
    expect(speak('请刷卡', 'zh-CN', undefined, undefined)).toBe(false);
    expect(() => stopSpeaking(undefined)).not.toThrow();
  });

  it('speaks in the given language after cancelling the previous prompt', () => {
    const engine = { speak: vi.fn(), cancel: vi.fn() };
    const made: Array<{ text: string; lang?: string }> = [];
    const factory = (text: string) => {
      const utterance = { text } as { text: string; lang?: string };
      made.push(utterance);
      return utterance as unknown as SpeechSynthesisUtterance;
    };
    expect(speak('已识别卡片', 'zh-CN', engine, factory)).toBe(true);
    expect(engine.cancel).toHaveBeenCalledTimes(1);
    expect(engine.speak).toHaveBeenCalledTimes(1);
    expect(made[0]).toMatchObject({ text: '已识别卡片', lang: 'zh-CN' });
  });
});
