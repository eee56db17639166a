import { describe, expect, it } from 'vitest';
import { formatMessage, localeOf, placeholders } from './format.js';

const NOTES = '{n, plural, one {# note} other {# notes}}';

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('en', 'Nothing matches “{q}”.', { q: 'KV 缓存' })).toBe('Nothing matches “KV 缓存”.');
    expect(formatMessage('en', 'Hello {name}', {})).toBe('Hello {name}');
  });

  it('picks English plural forms by the count', () => {
    expect(formatMessage('en', NOTES, { n: 1 })).toBe('1 note');
    expect(formatMessage('en', NOTES, { n: 2 })).toBe('2 notes');
    expect(formatMessage('en', NOTES, { n: 0 })).toBe('0 notes');
    expect(formatMessage('en', '{n, plural, =0 {no notes} one {# note} other {# notes}}', { n: 0 })).toBe('no notes');
  });

  it('handles several counts and placeholders inside a plural form', () => {
    const message = '{total, plural, one {# concept} other {# concepts}} in {groups, plural, one {# group} other {# groups}} of “{name}”';
    expect(formatMessage('en', message, { total: 1, groups: 1, name: 'RLHF' })).toBe('1 concept in 1 group of “RLHF”');
    expect(formatMessage('en', message, { total: 12, groups: 3, name: 'RLHF' })).toBe('12 concepts in 3 groups of “RLHF”');
    expect(formatMessage('en', '{n, plural, one {# item} other {# items}} added to “{title}”', { n: 1, title: '# 速查' })).toBe(
      '1 item added to “# 速查”',
    );
  });

  it('reads a count in Chinese without plural forms', () => {
    expect(formatMessage('zh', '{n} 条笔记', { n: 1 })).toBe('1 条笔记');
    expect(formatMessage('zh', '{n, plural, other {# 条笔记}}', { n: 1 })).toBe('1 条笔记');
  });

  it('leaves # alone outside a plural', () => {
    expect(formatMessage('en', 'C# and {x}', { x: '#1' })).toBe('C# and #1');
  });
});

describe('localeOf', () => {
  it('reads Chinese from any zh tag, English otherwise', () => {
    expect(['zh', 'zh-CN', 'zh-TW', 'zh_CN.UTF-8', 'ZH-hans'].map(localeOf)).toEqual(['zh', 'zh', 'zh', 'zh', 'zh']);
    expect(['en-US', 'de', '', undefined, 'C.UTF-8'].map(localeOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });
});

describe('placeholders', () => {
  it('lists the names a message uses, plural counts included', () => {
    expect(placeholders('{matched} of {total, plural, one {# concept in {where}} other {# concepts}}')).toEqual([
      'matched',
      'total',
      'where',
    ]);
    expect(placeholders('no placeholders')).toEqual([]);
  });
});
