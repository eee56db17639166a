import type { Database } from 'better-sqlite3';
import type { Card, FSRS, Grade } from 'ts-fsrs';
import { fsrs, generatorParameters, Rating } from 'ts-fsrs';
import { CardRepository } from '../../db/repositories/cards.js';
import type { CardRecord } from '../../db/repositories/cards.js';
import { deckScope } from '../../db/repositories/card-decks.js';
import { InterviewCardRepository } from '../../db/repositories/interview-cards.js';
import type { CardMemory } from '../../db/repositories/interview-cards.js';
import { SettingsRepository } from '../../db/repositories/settings.js';
import type { DrillDeck, DrillInterview, DrillInterviewForecast, DrillInterviewPlan } from '../api/contract.js';
import { fsrsFor } from './fsrs-card.js';
import { daysUntil, interviewDayStart, interviewMoment, readInterviewPlan, writeInterviewPlan } from './interview-plan.js';
import type { NextCard } from './scheduler.js';
import { readDrillSettings } from './settings.js';
import { nextStudyDayStart, studyDayStart } from './study-day.js';

/** The predicted recall on the interview day a covered card must reach. */
export const READY_RECALL = 0.85;
/** As drills.next: when nothing else is left, a learning step due this soon is shown now. */
const LEARN_AHEAD_MS = 20 * 60_000;
/** A bound on one card's simulated reviews (FSRS needs a handful; this only stops a runaway loop). */
const MAX_SIMULATED_REVIEWS = 60;

const DAY_MS = 86_400_000;

/** The interview as the scheduler sees it; times in milliseconds. */
interface Horizon {
  /** Midday on the interview date. */
  moment: number;
  /** When the interview's study day starts. */
  dayStart: number;
  /** What recall is predicted at: the interview, or now once it has begun. */
  target: number;
  dayStartHour: number;
}

const dayStartOf = (at: number, hour: number) => studyDayStart(new Date(at), hour).getTime();
const nextDayStartOf = (at: number, hour: number) => nextStudyDayStart(new Date(at), hour).getTime();

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
  if (memory.lastReview !== null && memory.lastReview >= dayStartOf(day, horizon.dayStartHour)) {
    day = nextDayStartOf(day, horizon.dayStartHour);
  }
  if (memory.due >= horizon.dayStart || memory.due < nextDayStartOf(day, horizon.dayStartHour)) return day;
  return Math.max(day, dayStartOf(memory.due, horizon.dayStartHour));
}

/** The card as ts-fsrs's Card, for the steps only its scheduler knows (learning steps). */
function asFsrsCard(memory: Omit<CardMemory, 'id' | 'createdAt'>): Card {
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

type Memory = Omit<CardMemory, 'id' | 'createdAt'>;

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

interface Tally {
  cards: number;
  recallSum: number;
  below: number;
  reviewsNeeded: number;
}

function forecastOf(deck: DrillDeck, label: string, tally: Tally, sessionDays: number): DrillInterviewForecast {
  return {
    deck,
    label,
    cards: tally.cards,
    recall: tally.cards === 0 ? null : tally.recallSum / tally.cards,
    below: tally.below,
    reviewsNeeded: tally.reviewsNeeded,
    reviewsPerDay: sessionDays <= 0 ? 0 : Math.ceil(tally.reviewsNeeded / sessionDays),
  };
}

/**
 * Interview mode: the interview date and the decks it covers, the predicted
 * recall on that date (FSRS retrievability through ts-fsrs), the "before the
 * interview" session that shows the cards lowest on the day first, and the
 * draw of a mock interview. Every call reads the covered cards' memory in
 * one query and computes in one pass: no query per card.
 */
export class InterviewPlanner {
  private readonly memories: InterviewCardRepository;
  private readonly cards: CardRepository;
  private readonly settings: SettingsRepository;
  private readonly db: Database;
  private readonly now: () => Date;
  private engines: { retention: number; fsrs: FSRS; estimate: FSRS } | null = null;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.db = db;
    this.memories = new InterviewCardRepository(db);
    this.cards = new CardRepository(db);
    this.settings = new SettingsRepository(db);
    this.now = options.now ?? (() => new Date());
  }

  /** The stored interview date and decks. */
  plan(): DrillInterviewPlan {
    return readInterviewPlan(this.settings);
  }

  /** Stores the plan; throws InterviewPlanError (and stores nothing) for a date that is not a day, or is past. */
  setPlan(plan: DrillInterviewPlan): DrillInterviewPlan {
    return writeInterviewPlan(this.settings, plan, this.now());
  }

  /**
   * Per covered deck (and for all of them together, a card counted once),
   * on the interview day: the mean predicted recall, the cards below the
   * target, and the reviews the session needs to bring them up
   * (reviewsToReady summed) spread over the days left with a session, today
   * included (the morning of the day itself when that is all there is).
   */
  forecast(labelOf: (deck: DrillDeck) => string): DrillInterview {
    const plan = this.plan();
    const empty: DrillInterview = { plan, daysLeft: null, predictedAt: null, target: READY_RECALL, overall: null, decks: [] };
    if (plan.date === null) return empty;
    const now = this.now();
    const horizon = this.horizon(plan.date, now);
    const daysLeft = daysUntil(plan.date, now);
    const sessionDays = daysLeft < 0 ? 0 : Math.max(1, daysLeft);
    const { fsrs, estimate } = this.engine();
    const decks: DrillDeck[] = plan.decks.length === 0 ? [{ kind: 'all' }] : plan.decks;
    const nowIso = now.toISOString();
    const members = decks.map((deck) => (deck.kind === 'all' ? null : this.memories.showableIdsIn(deckScope(this.db, deck), nowIso)));
    const tallies = decks.map((): Tally => ({ cards: 0, recallSum: 0, below: 0, reviewsNeeded: 0 }));
    const overall: Tally = { cards: 0, recallSum: 0, below: 0, reviewsNeeded: 0 };
    // Every new card runs the same course, so it is simulated once.
    let newCardReviews: number | undefined;

    for (const memory of this.memories.showable(nowIso)) {
      const inDecks = members.map((ids) => ids === null || ids.has(memory.id));
      if (!inDecks.includes(true)) continue;
      const recall = recallAt(fsrs, memory, horizon.target);
      const isBelow = recall < READY_RECALL;
      let reviews = 0;
      if (isBelow && memory.state === 0) reviews = newCardReviews ??= reviewsToReady(estimate, memory, now.getTime(), horizon);
      else if (isBelow) reviews = reviewsToReady(estimate, memory, now.getTime(), horizon);
      overall.cards += 1;
      overall.recallSum += recall;
      overall.below += isBelow ? 1 : 0;
      overall.reviewsNeeded += reviews;
      tallies.forEach((tally, i) => {
        if (!inDecks[i]) return;
        tally.cards += 1;
        tally.recallSum += recall;
        tally.below += isBelow ? 1 : 0;
        tally.reviewsNeeded += reviews;
      });
    }
    return {
      plan,
      daysLeft,
      predictedAt: new Date(horizon.target).toISOString(),
      target: READY_RECALL,
      overall: forecastOf({ kind: 'all' }, '', overall, sessionDays),
      decks: decks.map((deck, i) => forecastOf(deck, labelOf(deck), tallies[i]!, sessionDays)),
    };
  }

  /**
   * The next card of the "before the interview" session: a (re)learning step
   * due now first (as in any session), then, among the covered cards the
   * session may show now (eligibleAt), the one with the lowest predicted
   * recall on the day (new cards, at 0, in the notes' order); a card at or
   * above the target on the day is never shown. When nothing else is left, a
   * learning step due within 20 minutes. Undefined when the plan has no
   * date, the date has passed, or every covered card is ready.
   */
  next(): NextCard | undefined {
    const plan = this.plan();
    if (plan.date === null) return undefined;
    const now = this.now();
    if (daysUntil(plan.date, now) < 0) return undefined;
    const at = now.getTime();
    const horizon = this.horizon(plan.date, now);
    const { fsrs } = this.engine();
    let learning: CardMemory | undefined;
    let ahead: CardMemory | undefined;
    let lowest: { memory: CardMemory; recall: number } | undefined;

    for (const memory of this.covered(plan.decks, now)) {
      const recall = recallAt(fsrs, memory, horizon.target);
      if (recall >= READY_RECALL) continue;
      if (memory.state === 1 || memory.state === 3) {
        if (memory.due <= at) {
          if (!learning || memory.due < learning.due) learning = memory;
        } else if (memory.due <= at + LEARN_AHEAD_MS && (!ahead || memory.due < ahead.due)) ahead = memory;
        continue;
      }
      if (eligibleAt(memory, at, horizon) > at) continue;
      // Among equals (new cards, all at 0) the first made comes first: the notes' order.
      const isLower =
        !lowest ||
        recall < lowest.recall ||
        (recall === lowest.recall && (memory.createdAt < lowest.memory.createdAt || (memory.createdAt === lowest.memory.createdAt && memory.id < lowest.memory.id)));
      if (isLower) lowest = { memory, recall };
    }
    const chosen = learning ?? lowest?.memory ?? ahead;
    if (!chosen) return undefined;
    const card = this.cards.get(chosen.id);
    if (!card) return undefined;
    return { card, queue: chosen.state === 0 ? 'new' : chosen.state === 2 ? 'review' : 'learning' };
  }

  /**
   * Draws `count` cards for a mock interview from the decks' showable cards
   * that have an answer, at random and without repeats, a weaker card more
   * likely: each card weighs 2 − its recall now (a new card 2, one surely
   * known 1), drawn by Efraimidis–Spirakis (each card's key is u^(1/weight),
   * the largest keys win), so the draw is one pass and a sort.
   */
  mock(decks: DrillDeck[], count: number, random: () => number = Math.random): CardRecord[] {
    const now = this.now();
    const { fsrs } = this.engine();
    const drawn = this.covered(decks, now, true)
      .map((memory) => ({ id: memory.id, key: Math.pow(random(), 1 / (2 - recallAt(fsrs, memory, now.getTime()))) }))
      .sort((a, b) => b.key - a.key)
      .slice(0, count);
    return drawn.map((entry) => this.cards.get(entry.id)).filter((card): card is CardRecord => card !== undefined);
  }

  /** The showable cards of the given decks (only those with an answer if asked), each once; no deck, or a deck of everything: every card. */
  private covered(decks: DrillDeck[], now: Date, isAnsweredOnly = false): CardMemory[] {
    const nowIso = now.toISOString();
    const every = isAnsweredOnly ? this.memories.answered(nowIso) : this.memories.showable(nowIso);
    if (decks.length === 0 || decks.some((deck) => deck.kind === 'all')) return every;
    const ids = new Set<string>();
    for (const deck of decks) for (const id of this.memories.showableIdsIn(deckScope(this.db, deck), nowIso)) ids.add(id);
    return every.filter((memory) => ids.has(memory.id));
  }

  private horizon(date: string, now: Date): Horizon {
    const dayStartHour = readDrillSettings(this.settings).dayStartHour;
    const moment = interviewMoment(date).getTime();
    return { moment, dayStart: interviewDayStart(date, dayStartHour).getTime(), target: Math.max(moment, now.getTime()), dayStartHour };
  }

  /** ts-fsrs with the person's retention: as scheduled (fuzz on), and for estimates (fuzz off, so they do not depend on a draw). */
  private engine(): { fsrs: FSRS; estimate: FSRS } {
    const retention = readDrillSettings(this.settings).desiredRetention;
    if (this.engines?.retention !== retention) {
      this.engines = { retention, fsrs: fsrsFor(retention), estimate: fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false })) };
    }
    return this.engines;
  }
}
