import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../../common/i18n/format.js';
import { messageOf } from '../i18n/messages.js';
import { durationParts, intervalLabel } from './intervals.js';

const say = (locale: 'en' | 'zh', ms: number): string => {
  const { key, n } = intervalLabel(ms);
  return formatMessage(locale, messageOf(locale, key), { n });
};

describe('interval labels on the grade buttons', () => {
  it('reads as flashcard apps print intervals', () => {
    const minute = 60_000;
    const day = 24 * 60 * minute;
    expect(say('en', minute)).toBe('1m');
    expect(say('en', 59_400)).toBe('1m'); // a learning step measured a moment after it was computed
    expect(say('en', 10 * minute)).toBe('10m');
    expect(say('en', 5 * 60 * minute)).toBe('5h');
    expect(say('en', day)).toBe('1d');
    expect(say('en', 4 * day)).toBe('4d');
    expect(say('en', 90 * day)).toBe('3mo');
    expect(say('en', 45 * day)).toBe('1.5mo');
    expect(say('en', 438 * day)).toBe('1.2y');
    expect(say('en', 1000)).toBe('now');
    expect(say('zh', 10 * minute)).toBe('10分钟');
    expect(say('zh', 4 * day)).toBe('4天');
    expect(say('zh', 90 * day)).toBe('3个月');
  });

  it('words a session length in seconds, then minutes and seconds', () => {
    expect(durationParts(42_400)).toEqual({ key: 'drills.time.seconds', m: 0, s: 42 });
    expect(durationParts(185_000)).toEqual({ key: 'drills.time.minutes', m: 3, s: 5 });
  });
});
