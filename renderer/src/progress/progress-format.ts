import { preferences } from '../state/preferences.svelte.js';

/** A YYYY-MM-DD study date as a person reads it, in the app's language (the date is a calendar day: no time zone shift). */
export function formatDay(
  date: string,
  options: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
): string {
  return new Intl.DateTimeFormat(preferences.locale === 'zh' ? 'zh-CN' : 'en', { ...options, timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** A YYYY-MM month, short ("Nov 2026", "2026年11月"). */
export function formatMonth(month: string): string {
  return formatDay(`${month}-01`, { year: 'numeric', month: 'short' });
}

/** Time spent answering, in hours and minutes (seconds under a minute). */
export function formatTime(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return preferences.t('progress.time.s', { s: seconds });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return preferences.t('progress.time.m', { m: minutes });
  return preferences.t('progress.time.hm', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/** A share as a whole percent ("—" when there is nothing to share). */
export function percent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** part of whole as a share, null for an empty whole. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
