const MINUTE_MS = 60_000;

/**
 * The start of the study day holding `now`: today's `dayStartHour` in local
 * time, or yesterday's if that hour has not come yet (a session at 1 a.m.
 * belongs to the evening before, as in Anki).
 */
export function studyDayStart(now: Date, dayStartHour: number): Date {
  const start = new Date(now.getTime());
  start.setHours(dayStartHour, 0, 0, 0);
  if (start.getTime() > now.getTime()) start.setDate(start.getDate() - 1);
  return start;
}

/** The start of the next study day (calendar arithmetic, so a DST change keeps the hour). */
export function nextStudyDayStart(now: Date, dayStartHour: number): Date {
  const next = studyDayStart(now, dayStartHour);
  next.setDate(next.getDate() + 1);
  return next;
}

/** A short interval label for a grade button: 1m, 10m, 3h, 4d, 2.5mo, 1.2y. */
export function formatInterval(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / MINUTE_MS));
  if (minutes < 60) return `${minutes}m`;
  const hours = minutes / 60;
  if (hours < 24) return `${Math.round(hours)}h`;
  const days = hours / 24;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${trim(days / 30)}mo`;
  return `${trim(days / 365)}y`;
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
