import { localDate } from '../drills/interview-plan.js';
import { nextStudyDayStart, studyDayStart } from '../drills/study-day.js';

/** One study day: its date (the local date it starts on) and its [start, end) in milliseconds. */
export interface StudyDay {
  date: string;
  start: number;
  end: number;
}

/**
 * The `count` study days ending with the one holding `now`, oldest first.
 * Each day runs from `dayStartHour` local time to the same hour the next
 * day, stepped on the calendar (not by 24 hours), so a day across a
 * daylight-saving change is 23 or 25 hours long and keeps its hour.
 */
export function studyDaysUpTo(now: Date, dayStartHour: number, count: number): StudyDay[] {
  const days: StudyDay[] = [];
  let start = studyDayStart(now, dayStartHour);
  let end = nextStudyDayStart(now, dayStartHour);
  for (let i = 0; i < count; i++) {
    days.push({ date: localDate(start), start: start.getTime(), end: end.getTime() });
    end = start;
    // The day before starts at the start hour of the day holding the last moment before this one.
    start = studyDayStart(new Date(start.getTime() - 1), dayStartHour);
  }
  return days.reverse();
}

/** The `count` study days from the one holding `now` on, today first. */
export function studyDaysFrom(now: Date, dayStartHour: number, count: number): StudyDay[] {
  const days: StudyDay[] = [];
  let start = studyDayStart(now, dayStartHour);
  for (let i = 0; i < count; i++) {
    const end = nextStudyDayStart(start, dayStartHour);
    days.push({ date: localDate(start), start: start.getTime(), end: end.getTime() });
    start = end;
  }
  return days;
}

/** The index of the day holding `at` in days sorted by start (binary search), or -1 when none holds it. */
export function dayIndexOf(days: readonly StudyDay[], at: number): number {
  let low = 0;
  let high = days.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const day = days[mid]!;
    if (at < day.start) high = mid - 1;
    else if (at >= day.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
