import { describe, expect, it } from 'vitest';
import { formatMessage, placeholders } from '../../../common/i18n/format.js';
import { messageOf, messages } from './messages.js';

describe("the renderer's catalogue", () => {
  it('has every key in both languages, with the same placeholders', () => {
    const en = messages.en as Record<string, string>;
    const zh = messages.zh as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(zh[key]?.trim(), key).toBeTruthy();
      expect(placeholders(zh[key] ?? ''), key).toEqual(placeholders(en[key] ?? ''));
    }
  });

  it('says counts of one in the singular in English, and naturally in Chinese', () => {
    const say = (locale: 'en' | 'zh', key: Parameters<typeof messageOf>[1], values: Record<string, number>) =>
      formatMessage(locale, messageOf(locale, key), values);
    expect(say('en', 'library.diagrams', { n: 1 })).toBe('1 diagram');
    expect(say('en', 'library.notes', { n: 1 })).toBe('1 note');
    expect(say('en', 'library.notes', { n: 2 })).toBe('2 notes');
    expect(say('en', 'annotations.count', { n: 1 })).toBe('1 annotation');
    expect(say('en', 'library.sections', { n: 1 })).toBe('1 section');
    expect(say('en', 'library.formulas', { n: 1 })).toBe('1 formula');
    expect(say('en', 'path.length', { n: 1 })).toBe('1 link');
    expect(say('en', 'concepts.count', { n: 1 })).toBe('1 concept');
    expect(say('en', 'overview.summary', { total: 1, groups: 1 })).toBe('1 concept in 1 group, by the note each belongs to.');
    expect(say('en', 'overview.matched', { matched: 1, total: 5, groups: 1 })).toBe('1 of 5 concepts matches, in 1 group.');
    expect(say('en', 'annotation.unpainted', { n: 1 })).toBe('1 highlight cannot be shown on this note’s current layout.');
    expect(say('zh', 'library.notes', { n: 1 })).toBe('1 篇笔记');
    expect(say('zh', 'annotations.count', { n: 1 })).toBe('1 条批注');
    expect(say('zh', 'library.diagrams', { n: 1 })).toBe('1 张图');
  });

  it('finds the words it shares with the main process (link types)', () => {
    expect(messageOf('zh', 'concept.type.is-a')).toBe('是一种');
    expect(messageOf('en', 'concept.typeBack.leads-to')).toBe('Comes after');
  });
});
