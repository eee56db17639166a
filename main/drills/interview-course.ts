import type { Card, FSRS, Grade } from 'ts-fsrs';
import { Rating } from 'ts-fsrs';
import type { CardMemory } from '../../db/repositories/interview-cards.js';
import { nextStudyDayStart, studyDayStart } from './study-day.js';

/*
 * The "before the interview" session's rule, and the same rule run forward
 * with ts-fsrs to count the reviews it takes (the forecast's reviews a day).
 * Pure functions of a card's memory and the interview's horizon.
 */

/** The predicted recall on the interview day a covered card must reach. */
export const READY_RECALL = 0.85;
/** A bound on one card's simulated reviews (FSRS needs a handful; this only stops a runaway loop). */
const MAX_SIMULATED_REVIEWS = 60;

const DAY_MS = 86_400_000;

/**
 * Where study days start, from the one holding `from` to the one after
 * `until`, listed once: the session's rule asks "which day is this?" a few
 * times per simulated review, tens of thousands of times per forecast, and
 * a calendar computation (local time, daylight saving) each time costs more
 * than the rest of the simulation.
 */
export class StudyDays {
  private readonly starts: number[] = [];
  private readonly hour: number;

  constructor(from: number, until: number, hour: number) {
    this.hour = hour;
    let day = studyDayStart(new Date(from), hour);
    this.starts.push(day.getTime());
    while (day.getTime() <= until) {
      day = nextStudyDayStart(day, hour);
      this.starts.push(day.getTime());
    }
  }

  /** When the study day holding `at` starts. */
  startOf(at: number): number {
    const i = this.indexOf(at);
    return i === undefined ? studyDayStart(new Date(at), this.hour).getTime() : this.starts[i]!;
  }

  /** When the study day after the one holding `at` starts. */
  nextStartOf(at: number): number {
    const i = this.indexOf(at);
    return i === undefined ? nextStudyDayStart(new Date(at), this.hour).getTime() : this.starts[i + 1]!;
  }

  /** The listed day holding `at` (binary search), or undefined outside the list. */
  private indexOf(at: number): number | undefined {
    const { starts } = this;
    if (at < starts[0]! || at >= starts[starts.length - 1]!) return undefined;
    let low = 0;
    let high = starts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    return low;
  }
}

/** The interview as the scheduler sees it; times in milliseconds. */
export interface Horizon {
  /** Midday on the interview date. */
  moment: number;
  /** When the interview's study day starts. */
  dayStart: number;
  /** What recall is predicted at: the interview, or now once it has begun. */
  target: number;
  days: StudyDays;
}

/**
 * FSRS's retrievability of the card at `at`, as ts-fsrs's
 * get_retrievability computes it (whole days elapsed, its forgetting curve,
 * stability to eight places) without building a Card per call; a card never
 * reviewed counts 0.
 */
export function recallAt(fsrs: FSRS, memory: Pick<CardMemory, 'state' | 'stability' | 'lastReview'>, at: number): number {
  if (memory.state === 0 || memory.lastReview === null) return 0;
  const days = Math.max(Math.floor((at - memory.lastReview) / DAY_MS), 0);
  return fsrs.forgetting_curve(days, +memory.stability.toFixed(8));
}

/**
 * The earliest time from `after` on at which the "before the interview"
 * session would show the card, before asking whether it needs to be shown
 * at all (its recall on the day). The rule:
 * - a new card: at once (no daily new-card limit: the interview is the limit);
 * - a (re)learning step: when it is due, as in any session;
 * - a review card: on the study day FSRS made it due, as in any session,
 *   except that a card whose due day falls on or after the interview's day
 *   (its next review would come too late) is shown at once; and a card
 *   already reviewed this study day waits for the next one, so a card still
 *   below the target after a review is not shown again the same day.
 */
export function eligibleAt(memory: Pick<CardMemory, 'state' | 'due' | 'lastReview'>, after: number, horizon: Horizon): number {
  if (memory.state === 0) return after;
  if (memory.state !== 2) return Math.max(memory.due, after);
  let day = after;
  if (memory.lastReview !== null && memory.lastReview >= horizon.days.startOf(day)) day = horizon.days.nextStartOf(day);
  if (memory.due >= horizon.dayStart || memory.due < horizon.days.nextStartOf(day)) return day;
  return Math.max(day, horizon.days.startOf(memory.due));
}

/** The card as ts-fsrs's Card, for the steps only its scheduler knows (learning steps). */
function asFsrsCard(memory: Memory): Card {
  const card: Card = {
    due: new Date(memory.due),
    stability: memory.stability,
    difficulty: memory.difficulty,
    elapsed_days: 0,
    scheduled_days: 0,
    learning_steps: memory.learningSteps,
    reps: 0,
    lapses: 0,
    state: memory.state,
  };
  if (memory.lastReview !== null) card.last_review = new Date(memory.lastReview);
  return card;
}

/** A card's memory as the simulation moves it forward. */
export type Memory = Omit<CardMemory, 'id' | 'createdAt' | 'hasAnswer'>;

/**
 * One Good at `at`. A review card goes through ts-fsrs's own FSRS-6
 * formulas as its scheduler applies them for Good (next_state for Hard and
 * Good, next_interval for both, Good at least a day past Hard), without the
 * scheduler's objects for all four grades; a new or (re)learning card goes
 * through the scheduler itself, which owns the learning steps. `fsrs` has
 * fuzz off, so an estimate does not depend on a random draw.
 */
export function goodAt(fsrs: FSRS, memory: Memory, at: number): Memory {
  if (memory.state !== 2 || memory.lastReview === null) {
    const next = fsrs.next(asFsrsCard(memory), new Date(at), Rating.Good as Grade).card;
    return {
      state: next.state as number as Memory['state'],
      due: next.due.getTime(),
      stability: next.stability,
      difficulty: next.difficulty,
      lastReview: at,
      learningSteps: next.learning_steps,
    };
  }
  const elapsed = Math.floor((at - memory.lastReview) / DAY_MS);
  const recall = fsrs.forgetting_curve(elapsed, memory.stability);
  const before = { difficulty: memory.difficulty, stability: memory.stability };
  const good = fsrs.next_state(before, elapsed, Rating.Good, recall);
  const hard = fsrs.next_state(before, elapsed, Rating.Hard, recall);
  const goodDays = fsrs.next_interval(good.stability, elapsed);
  const days = Math.max(goodDays, Math.min(fsrs.next_interval(hard.stability, elapsed), goodDays) + 1);
  return { state: 2, due: at + days * DAY_MS, stability: good.stability, difficulty: good.difficulty, lastReview: at, learningSteps: 0 };
}

/**
 * How many reviews the session gives the card before its recall on the
 * interview day reaches the target, if the person grades Good every time
 * and does each day's session as the day starts: the session's own rule
 * (eligibleAt) run forward with ts-fsrs. Stops at the interview.
 */
export function reviewsToReady(fsrs: FSRS, memory: Memory, now: number, horizon: Horizon): number {
  let current = memory;
  let at = now;
  let reviews = 0;
  while (reviews < MAX_SIMULATED_REVIEWS && recallAt(fsrs, current, horizon.target) < READY_RECALL) {
    at = eligibleAt(current, at, horizon);
    // A clock that moved back left a review in the future: FSRS is given that time, as DrillScheduler does.
    if (current.lastReview !== null && current.lastReview > at) at = current.lastReview;
    if (at >= horizon.moment) break;
    current = goodAt(fsrs, current, at);
    reviews += 1;
  }
  return reviews;
}
