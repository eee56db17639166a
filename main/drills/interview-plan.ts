import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { DrillDeck, DrillInterviewPlan } from '../api/contract.js';
import { studyDayStart } from './study-day.js';
import { log } from '../log/logger.js';

export type { DrillInterviewPlan };

const DATE_KEY = 'drills.interviewDate';
const DECKS_KEY = 'drills.interviewDecks';
const DAY_MS = 86_400_000;
/** Further than this is a typo (a year of 20260), not an interview to prepare for. */
const MAX_YEARS_AHEAD = 5;
/**
 * The hour of the interview day recall is predicted for: an interview can
 * be at any time of the day, and midday is its middle. A session on the
 * morning of the day still counts.
 */
const INTERVIEW_HOUR = 12;

/** Raised when an interview date or deck list cannot be stored; the message says why, for the person. */
export class InterviewPlanError extends RangeError {
  override name = 'InterviewPlanError';
}

/** A local calendar date as YYYY-MM-DD. */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Midnight (local) starting a YYYY-MM-DD date, or undefined if the text is not a real date. */
function parseLocalDate(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  // 2026-02-30 rolls over to March: not a date a calendar shows.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return undefined;
  return date;
}

/** Whole calendar days from `now`'s local date to `date` (0 on the day itself, negative once it has passed). */
export function daysUntil(date: string, now: Date): number {
  const day = parseLocalDate(date);
  if (!day) return 0;
  const today = parseLocalDate(localDate(now))!;
  // Rounded: a daylight-saving change makes a day 23 or 25 hours long.
  return Math.round((day.getTime() - today.getTime()) / DAY_MS);
}

/**
 * Checks an interview date typed or picked by the person: a real calendar
 * date as YYYY-MM-DD, today or later (in the person's local time), and at
 * most five years away. Throws InterviewPlanError with a message meant for them.
 */
export function checkInterviewDate(text: string, now: Date): string {
  const day = parseLocalDate(text);
  if (!day) throw new InterviewPlanError(`"${text.slice(0, 40)}" is not a date: use YYYY-MM-DD, for example ${localDate(now)}`);
  const today = localDate(now);
  if (text < today) throw new InterviewPlanError(`the interview date ${text} is in the past: choose today (${today}) or a later day`);
  const limit = new Date(now.getTime());
  limit.setFullYear(limit.getFullYear() + MAX_YEARS_AHEAD);
  if (text > localDate(limit)) throw new InterviewPlanError(`the interview date ${text} is more than ${MAX_YEARS_AHEAD} years away`);
  return text;
}

/** The moment recall is predicted for: midday, local time, on the interview date. */
export function interviewMoment(date: string): Date {
  const day = parseLocalDate(date)!;
  day.setHours(INTERVIEW_HOUR, 0, 0, 0);
  return day;
}

/** When the interview's study day starts (reviews from then on are made on the day itself). */
export function interviewDayStart(date: string, dayStartHour: number): Date {
  return studyDayStart(interviewMoment(date), dayStartHour);
}

function isDeck(value: unknown): value is DrillDeck {
  if (typeof value !== 'object' || value === null) return false;
  const deck = value as Record<string, unknown>;
  const isId = (id: unknown) => Number.isInteger(id) && (id as number) > 0;
  switch (deck.kind) {
    case 'all':
      return true;
    case 'note':
      return isId(deck.noteId);
    case 'library':
      return isId(deck.libraryId);
    case 'concept':
      return isId(deck.conceptId);
    case 'anki':
      return isId(deck.ankiDeckId);
    case 'tag':
      return typeof deck.tag === 'string' && deck.tag.length > 0;
    default:
      return false;
  }
}

/**
 * The stored plan. A stored value written by hand or by another version that
 * does not read as a date or as decks reads as none.
 */
export function readInterviewPlan(settings: SettingsRepository): DrillInterviewPlan {
  const date = settings.get(DATE_KEY) ?? '';
  let decks: DrillDeck[] = [];
  try {
    const stored: unknown = JSON.parse(settings.get(DECKS_KEY) ?? '[]');
    if (Array.isArray(stored)) decks = stored.filter(isDeck);
  } catch (error) {
    // A stored value that is not JSON reads as no decks (the person just chooses them again); worth a line for whoever wrote it.
    log.warn('the stored interview plan’s decks are not JSON; read as none', { err: error });
    decks = [];
  }
  return { date: parseLocalDate(date) ? date : null, decks };
}

/**
 * Stores the plan: the date (checked; null clears it) and the decks it
 * covers (none, or a deck of everything, means every card; the same deck
 * twice is kept once).
 */
export function writeInterviewPlan(settings: SettingsRepository, plan: DrillInterviewPlan, now: Date): DrillInterviewPlan {
  const date = plan.date === null ? null : checkInterviewDate(plan.date, now);
  const seen = new Set<string>();
  const decks = plan.decks.filter((deck) => {
    const key = JSON.stringify(deck, Object.keys(deck).sort());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const covered = decks.some((deck) => deck.kind === 'all') ? [] : decks;
  settings.set(DATE_KEY, date ?? '');
  settings.set(DECKS_KEY, JSON.stringify(covered));
  return { date, decks: covered };
}
