import type { MessageKey } from '../i18n/messages.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One decimal below ten (1.5mo, 2.3y), whole numbers above, as flashcard apps print them. */
const shortNumber = (value: number): number => (value < 10 ? Math.round(value * 10) / 10 : Math.round(value));

/**
 * How long until a card comes back, as a grade button shows it: 1m, 10m, 5h,
 * 1d, 4d, 3mo, 1.2y. The key and number are worded by the caller's language.
 */
export function intervalLabel(intervalMs: number): { key: MessageKey; n: number } {
  if (intervalMs < MINUTE / 2) return { key: 'drills.interval.now', n: 0 };
  if (intervalMs < HOUR) return { key: 'drills.interval.m', n: Math.max(1, Math.round(intervalMs / MINUTE)) };
  if (intervalMs < DAY) return { key: 'drills.interval.h', n: Math.round(intervalMs / HOUR) };
  const days = intervalMs / DAY;
  if (days < 30) return { key: 'drills.interval.d', n: Math.round(days) };
  if (days < 365) return { key: 'drills.interval.mo', n: shortNumber(days / 30) };
  return { key: 'drills.interval.y', n: shortNumber(days / 365) };
}

/** A session's length as the summary says it: seconds, or minutes and seconds. */
export function durationParts(ms: number): { key: MessageKey; m: number; s: number } {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60
    ? { key: 'drills.time.seconds', m: 0, s: seconds }
    : { key: 'drills.time.minutes', m: Math.floor(seconds / 60), s: seconds % 60 };
}
