import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { zhCN } from './zh-cn.ts';

function leaves(tree: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') for (const [k, v] of leaves(value as object, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const HAN = /\p{Script=Han}/u;
// Language names are shown in their own language in both catalogues.
const SAME_IN_BOTH = new Set(['language.zh', 'language.en']);

describe('the zh-CN and en catalogues', () => {
  const zh = leaves(zhCN);
  const english = leaves(en);

  it('have exactly the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it('have no empty or non-string values', () => {
    for (const [key, value] of [...zh, ...english]) {
      expect(typeof value, key).toBe('string');
      expect((value as string).trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation variables for each key', () => {
    for (const [key, value] of zh)
      expect(variables(english.get(key) as string), key).toEqual(variables(value as string));
  });

  it('are really translated: Chinese in zh-CN, none in en (except language names)', () => {
    for (const [key, value] of english)
      if (!SAME_IN_BOTH.has(key)) expect(HAN.test(value as string), key).toBe(false);
    for (const [key, value] of zh) {
      if (SAME_IN_BOTH.has(key) || key === 'app.documentTitle') continue;
      expect(value, key).not.toBe(english.get(key));
    }
  });

  it('never use `count`, which would send i18next looking for plural keys', () => {
    for (const [key, value] of [...zh, ...english])
      expect(variables(value as string), key).not.toContain('count');
  });
});
