import { describe, expect, it } from 'vitest';
import { placeholders } from './format.js';
import { sharedMessages, translate } from './messages.js';

describe('the shared catalogue', () => {
  it('has every key in both languages, with the same placeholders', () => {
    const en = sharedMessages.en as Record<string, string>;
    const zh = sharedMessages.zh as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(zh[key]?.trim(), key).toBeTruthy();
      expect(placeholders(zh[key] ?? ''), key).toEqual(placeholders(en[key] ?? ''));
    }
  });

  it('names every link type for maps in both languages', () => {
    const types = ['leads-to', 'is-a', 'part-of', 'prerequisite-of', 'variant-of', 'contrasts-with', 'related'] as const;
    expect(types.map((t) => translate('en', `concept.edge.${t}`))).toEqual([
      'leads to',
      'is a',
      'part of',
      'prerequisite of',
      'variant of',
      'contrasts with',
      'related',
    ]);
    expect(types.map((t) => translate('zh', `concept.edge.${t}`))).toEqual([
      '通向',
      '是一种',
      '是…的一部分',
      '是…的前置',
      '是…的变体',
      '对比',
      '相关',
    ]);
    // Edge labels sit between Mermaid's |…| delimiters: none may contain what would end or escape them.
    for (const locale of ['en', 'zh'] as const)
      for (const t of types) expect(translate(locale, `concept.edge.${t}`)).not.toMatch(/[|"<>{}[\]()#;%`]/);
  });

  it('counts in the language', () => {
    expect(translate('en', 'sheet.columns', { n: 1 })).toBe('1 column');
    expect(translate('en', 'sheet.columns', { n: 3 })).toBe('3 columns');
    expect(translate('zh', 'sheet.columns', { n: 1 })).toBe('1 栏');
    expect(translate('en', 'sheet.items', { n: 1 })).toBe('1 item');
    expect(translate('zh', 'sheet.items', { n: 2 })).toBe('2 项');
  });
});
