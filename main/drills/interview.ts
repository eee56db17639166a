import type { Database } from 'better-sqlite3';
import type { FSRS } from 'ts-fsrs';
import { fsrs, generatorParameters } from 'ts-fsrs';
import type { CardRepository } from '../../db/repositories/cards.js';
import type { CardRecord } from '../../db/repositories/card-records.js';
import { deckScope } from '../../db/repositories/card-decks.js';
import type { InterviewCardRepository } from '../../db/repositories/interview-cards.js';
import type { CardMemory } from '../../db/repositories/interview-cards.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { DrillDeck, DrillInterview, DrillInterviewForecast, DrillInterviewPlan } from '../api/contract.js';
import { fsrsFor } from './fsrs-card.js';
import { daysUntil, interviewDayStart, interviewMoment, readInterviewPlan, writeInterviewPlan } from './interview-plan.js';
import type { NextCard } from './scheduler.js';
import { eligibleAt, READY_RECALL, recallAt, reviewsToReady, StudyDays } from './interview-course.js';
import type { Horizon } from './interview-course.js';
import { readDrillSettings } from './settings.js';
import { repositoriesOf } from '../../db/store-repositories.js';

export { READY_RECALL };

/** As drills.next: when nothing else is left, a learning step due this soon is shown now. */
const LEARN_AHEAD_MS = 20 * 60_000;

interface Tally {
  cards: number;
  recallSum: number;
  below: number;
  reviewsNeeded: number;
  toAnswer: number;
}

const emptyTally = (): Tally => ({ cards: 0, recallSum: 0, below: 0, reviewsNeeded: 0, toAnswer: 0 });

function forecastOf(deck: DrillDeck, label: string, tally: Tally, sessionDays: number): DrillInterviewForecast {
  return {
    deck,
    label,
    cards: tally.cards,
    recall: tally.cards === 0 ? null : tally.recallSum / tally.cards,
    below: tally.below,
    reviewsNeeded: tally.reviewsNeeded,
    reviewsPerDay: sessionDays <= 0 ? 0 : Math.ceil(tally.reviewsNeeded / sessionDays),
    toAnswer: tally.toAnswer,
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
    this.memories = repositoriesOf(db).interviewCards;
    this.cards = repositoriesOf(db).cards;
    this.settings = repositoriesOf(db).settings;
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
   * Questions still to answer are counted apart: no session shows them
   * until the person writes an answer, so they have no recall to predict.
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
    const members = decks.map((deck) => (deck.kind === 'all' ? null : this.memories.availableIdsIn(deckScope(this.db, deck), nowIso)));
    const tallies = decks.map(emptyTally);
    const overall = emptyTally();
    // Every new card runs the same course, so it is simulated once.
    let newCardReviews: number | undefined;

    for (const memory of this.memories.available(nowIso)) {
      const inDecks = members.map((ids) => ids === null || ids.has(memory.id));
      if (!inDecks.includes(true)) continue;
      // A question still to answer is in no session until it has an answer: counted apart, not forecast.
      if (!memory.hasAnswer) {
        overall.toAnswer += 1;
        tallies.forEach((tally, i) => (tally.toAnswer += inDecks[i] ? 1 : 0));
        continue;
      }
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
        (recall === lowest.recall &&
          (memory.createdAt < lowest.memory.createdAt || (memory.createdAt === lowest.memory.createdAt && memory.id < lowest.memory.id)));
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
    const drawn = this.covered(decks, now)
      .map((memory) => ({ id: memory.id, key: Math.pow(random(), 1 / (2 - recallAt(fsrs, memory, now.getTime()))) }))
      .sort((a, b) => b.key - a.key)
      .slice(0, count);
    return drawn.map((entry) => this.cards.get(entry.id)).filter((card): card is CardRecord => card !== undefined);
  }

  /** The cards of the given decks a session may show (not set aside, with an answer), each once; no deck, or a deck of everything: every card. */
  private covered(decks: DrillDeck[], now: Date): CardMemory[] {
    const nowIso = now.toISOString();
    const every = this.memories.available(nowIso).filter((memory) => memory.hasAnswer);
    if (decks.length === 0 || decks.some((deck) => deck.kind === 'all')) return every;
    const ids = new Set<string>();
    for (const deck of decks) for (const id of this.memories.availableIdsIn(deckScope(this.db, deck), nowIso)) ids.add(id);
    return every.filter((memory) => ids.has(memory.id));
  }

  private horizon(date: string, now: Date): Horizon {
    const dayStartHour = readDrillSettings(this.settings).dayStartHour;
    const moment = interviewMoment(date).getTime();
    const at = now.getTime();
    return {
      moment,
      dayStart: interviewDayStart(date, dayStartHour).getTime(),
      target: Math.max(moment, at),
      days: new StudyDays(Math.min(at, moment), Math.max(at, moment), dayStartHour),
    };
  }

  /** ts-fsrs with the person's retention: as scheduled (fuzz on), and for estimates (fuzz off, so they do not depend on a draw). */
  private engine(): { fsrs: FSRS; estimate: FSRS } {
    const retention = readDrillSettings(this.settings).desiredRetention;
    if (this.engines?.retention !== retention) {
      this.engines = {
        retention,
        fsrs: fsrsFor(retention),
        estimate: fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false })),
      };
    }
    return this.engines;
  }
}
