import { describe, expect, it } from 'vitest';
import { formatInterval, nextStudyDayStart, studyDayStart } from './study-day.js';

/** A local time, whatever the machine's time zone. */
const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);

describe('the study day', () => {
  it('starts at the chosen hour, and a session past midnight belongs to the evening before', () => {
    expect(studyDayStart(local(2026, 12, 5, 9), 4)).toEqual(local(2026, 12, 5, 4));
    expect(studyDayStart(local(2026, 12, 5, 1, 30), 4)).toEqual(local(2026, 12, 4, 4));
    expect(studyDayStart(local(2026, 12, 5, 4), 4)).toEqual(local(2026, 12, 5, 4));
    expect(nextStudyDayStart(local(2026, 12, 31, 23), 4)).toEqual(local(2027, 1, 1, 4));
    expect(nextStudyDayStart(local(2026, 12, 5, 0, 10), 0)).toEqual(local(2026, 12, 6, 0));
  });
});

describe('formatInterval', () => {
  it('labels grade buttons the way flashcard apps do', () => {
    const minute = 60_000;
    expect([1, 10, 59, 60, 23 * 60, 24 * 60, 4 * 1440, 45 * 1440, 400 * 1440].map((m) => formatInterval(m * minute))).toEqual([
      '1m',
      '10m',
      '59m',
      '1h',
      '23h',
      '1d',
      '4d',
      '1.5mo',
      '1.1y',
    ]);
    expect(formatInterval(5_000)).toBe('1m');
  });
});
