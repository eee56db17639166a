import type { DayGrades } from '../../db/repositories/progress.js';
import type { ProgressDay, ProgressRetention } from '../api/contract.js';
import type { StudyDay } from './study-days.js';

/** The grades per study day as the heatmap shows them: every day listed, days without a grade at 0. */
export function heatmapOf(days: readonly StudyDay[], grades: readonly DayGrades[]): ProgressDay[] {
  const heat = days.map((day): ProgressDay => ({ date: day.date, reviews: 0, timeMs: 0 }));
  for (const graded of grades) {
    const day = heat[graded.day];
    if (!day) continue;
    day.reviews += graded.reviews;
    day.timeMs += graded.durationMs;
  }
  return heat;
}

/** Study days in a row with a grade, ending today, or yesterday while today has none yet (the day is not over). */
export function streakOf(heat: readonly ProgressDay[]): number {
  let i = heat.length - 1;
  if (i >= 0 && heat[i]!.reviews === 0) i--;
  let streak = 0;
  for (; i >= 0 && heat[i]!.reviews > 0; i--) streak++;
  return streak;
}

/** The Monday starting the week of a YYYY-MM-DD date (calendar arithmetic in UTC: only the date matters). */
export function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  day.setUTCDate(day.getUTCDate() - sinceMonday);
  return day.toISOString().slice(0, 10);
}

/**
 * True retention (Anki's): of the grades given to mature cards — cards in
 * review whose interval had reached 21 days — the share not graded Again,
 * per period of study days; the last `count` periods, oldest first, empty
 * periods included (their retention null).
 */
export function retentionBy(
  days: readonly StudyDay[],
  grades: readonly DayGrades[],
  periodOf: (date: string) => string,
  count: number,
): ProgressRetention[] {
  const periods = new Map<string, ProgressRetention>();
  for (const day of days) {
    const period = periodOf(day.date);
    if (!periods.has(period)) periods.set(period, { period, reviews: 0, passed: 0, retention: null });
  }
  for (const graded of grades) {
    const day = days[graded.day];
    if (!day) continue;
    const period = periods.get(periodOf(day.date))!;
    period.reviews += graded.matureReviews;
    period.passed += graded.maturePassed;
  }
  const listed = [...periods.values()].slice(-count);
  for (const period of listed) period.retention = period.reviews === 0 ? null : period.passed / period.reviews;
  return listed;
}

/** A YYYY-MM-DD date's month, YYYY-MM. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
