import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createEmptyCard } from 'ts-fsrs';
import type { FSRS, Grade } from 'ts-fsrs';
import type { CardRepository } from '../../db/repositories/cards.js';
import type { CardRecord, NewCard } from '../../db/repositories/card-records.js';
import type { Deck } from '../../db/repositories/card-decks.js';
import type { ReviewLogRepository } from '../../db/repositories/review-log.js';
import type { ReviewLogRecord } from '../../db/repositories/review-log.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import { fromFsrsCard, fsrsFor, toFsrsCard } from './fsrs-card.js';
import { readDrillSettings, writeDrillSettings } from './settings.js';
import type { DrillSettings } from './settings.js';
import type { DrillDeckSummary, DrillIntervalPreview, DrillNext, DrillRating, DrillStats } from '../api/contract.js';
import { deckSummaries } from './deck-list.js';
import type { LeftToday } from './deck-list.js';
import { nextStudyDayStart, studyDayStart } from './study-day.js';
import { repositoriesOf } from '../../db/store-repositories.js';
import { runInTransaction } from '../../db/open-store.js';

export type { DrillRating, DrillStats };

export const DRILL_RATINGS: readonly DrillRating[] = [1, 2, 3, 4];

export interface GradeInput {
  cardId: string;
  rating: DrillRating;
  /**
   * Made by the review screen when it shows the card: a grade sent again
   * (a retried request, a double key press) carries the same id and counts once.
   */
  reviewId?: string;
  /** How long the person took to answer, as the review screen measured it. */
  durationMs?: number;
}

export interface GradeResult {
  card: CardRecord;
  log: ReviewLogRecord;
  /** True when this grade had already been counted; nothing was written. */
  isDuplicate: boolean;
}

/** When a card would next be due for one grade. */
export type IntervalPreview = DrillIntervalPreview;

export type DrillQueue = DrillNext['queue'];

export interface NextCard {
  card: CardRecord;
  queue: DrillQueue;
}

/** Raised when a card named by a call does not exist (the API maps it to NotFound). */
export class CardNotFoundError extends Error {
  override name = 'CardNotFoundError';
}

const DAY_MS = 86_400_000;
/** A second grade of the same card with the same rating this soon after the first is the same grade. */
const SAME_GRADE_WINDOW_MS = 1_000;
/** When nothing else is left, a learning step due this soon is shown now rather than making the person wait (Anki's learn-ahead). */
const LEARN_AHEAD_MS = 20 * 60_000;

/**
 * Schedules drill cards with ts-fsrs (FSRS-6): grading, undo, interval
 * previews, daily limits, bury and suspend. Every write of a grade is one
 * transaction: the card's new state and its review-log row, or neither.
 */
export class DrillScheduler {
  readonly cards: CardRepository;
  readonly log: ReviewLogRepository;
  private readonly settingsRepo: SettingsRepository;
  private readonly db: Database;
  private readonly now: () => Date;
  private engine: { retention: number; fsrs: FSRS } | null = null;

  constructor(db: Database, options: { now?: () => Date } = {}) {
    this.db = db;
    this.cards = repositoriesOf(db).cards;
    this.log = repositoriesOf(db).reviewLog;
    this.settingsRepo = repositoriesOf(db).settings;
    this.now = options.now ?? (() => new Date());
  }

  /** The current drill settings (defaults where none is stored). */
  settings(): DrillSettings {
    return readDrillSettings(this.settingsRepo);
  }

  /** Changes drill settings; throws DrillSettingError (and stores nothing) if one is out of range. */
  updateSettings(changes: Partial<DrillSettings>): DrillSettings {
    return writeDrillSettings(this.settingsRepo, changes);
  }

  /** Stores a new card, due now, in FSRS's New state. */
  createCard(card: NewCard): CardRecord {
    const now = this.now();
    this.cards.create(card, fromFsrsCard(createEmptyCard(now)), now.toISOString());
    return this.mustGet(card.id);
  }

  /**
   * Grades a card: the new state and one review-log row, in one transaction.
   * A grade already counted is not counted again: the same review id, or,
   * for a caller that sends none, the same rating within a second of the
   * card's last grade with the card unchanged since. If the clock moved back
   * before the card's last review, FSRS is given the last review's time (no
   * negative elapsed time) and the log keeps the wall clock, so the review is
   * recorded, not lost.
   */
  grade(input: GradeInput): GradeResult {
    return runInTransaction(this.db, () => {
      const card = this.mustGet(input.cardId);
      const wall = this.now();
      const duplicate = this.alreadyCounted(card, input, wall);
      if (duplicate) return { card, log: duplicate, isDuplicate: true };

      const at = this.reviewTime(card, wall);
      const { card: next } = this.fsrs().next(toFsrsCard(card.schedule), at, input.rating as number as Grade);
      const after = fromFsrsCard(next);
      const lastReview = card.schedule.lastReview;
      const log = {
        reviewId: input.reviewId ?? randomUUID(),
        cardId: card.id,
        rating: input.rating,
        reviewedAt: wall.toISOString(),
        scheduledAt: at.toISOString(),
        elapsedDays: lastReview === null ? 0 : (at.getTime() - Date.parse(lastReview)) / DAY_MS,
        durationMs: Math.max(0, Math.round(input.durationMs ?? 0)),
        before: card.schedule,
        afterDue: after.due,
        afterState: after.state,
      };
      this.cards.saveSchedule(card.id, after, wall.toISOString());
      const seq = this.log.appendLog(log);
      return { card: this.mustGet(card.id), log: { ...log, seq }, isDuplicate: false };
    });
  }

  /**
   * Undoes the last grade given: the card gets back exactly the state it had
   * before (as logged) and the log row goes. Returns the restored card, or
   * undefined when there is nothing to undo. The row holds the whole earlier
   * state, so nothing is recomputed (ts-fsrs's rollback() rebuilds it from a
   * ReviewLog instead).
   */
  undo(): { card: CardRecord; undone: ReviewLogRecord } | undefined {
    return runInTransaction(this.db, () => {
      const last = this.log.lastLog();
      if (!last) return undefined;
      this.cards.saveSchedule(last.cardId, last.before, this.now().toISOString());
      this.log.deleteLog(last.seq);
      return { card: this.mustGet(last.cardId), undone: last };
    });
  }

  /** When the card would next be due for each grade, as the grade buttons show it. */
  preview(cardId: string): IntervalPreview[] {
    const card = this.mustGet(cardId);
    const at = this.reviewTime(card, this.now());
    const outcomes = this.fsrs().repeat(toFsrsCard(card.schedule), at);
    return DRILL_RATINGS.map((rating) => {
      const due = outcomes[rating as number as Grade].card.due;
      return { rating, due: due.toISOString(), intervalMs: due.getTime() - at.getTime() };
    });
  }

  /**
   * The card to show next: a (re)learning step due now, then a review due
   * today while the day's review limit allows, then a new card while the
   * day's new-card limit allows, then a learning step due within 20 minutes.
   * Suspended, buried and orphaned cards are never chosen. With a deck,
   * only its cards; the daily limits count every grade of the day.
   */
  next(deck?: Deck): NextCard | undefined {
    const scope = this.cards.scopeOf(deck);
    const now = this.now();
    const settings = this.settings();
    const nowIso = now.toISOString();
    const dayStart = studyDayStart(now, settings.dayStartHour);
    const dayEnd = nextStudyDayStart(now, settings.dayStartHour);

    const learning = this.cards.nextLearning(nowIso, nowIso, scope);
    if (learning) return { card: learning, queue: 'learning' };
    const done = this.log.doneBetween(dayStart.toISOString(), dayEnd.toISOString());
    if (done.reviews < settings.maxReviewsPerDay) {
      const review = this.cards.nextReview(dayEnd.toISOString(), nowIso, scope);
      if (review) return { card: review, queue: 'review' };
    }
    if (done.newCards < settings.newCardsPerDay) {
      const fresh = this.cards.nextNew(nowIso, scope);
      if (fresh) return { card: fresh, queue: 'new' };
    }
    const soon = this.cards.nextLearning(new Date(now.getTime() + LEARN_AHEAD_MS).toISOString(), nowIso, scope);
    return soon ? { card: soon, queue: 'learning' } : undefined;
  }

  /**
   * What the top bar and `drills stats` show: every card by state, what is
   * left to do today within the daily limits, and the grades given today.
   */
  stats(deck?: Deck): DrillStats {
    const now = this.now();
    const settings = this.settings();
    const { dayEnd, done, left } = this.today(now, settings);
    const showable = this.cards.countShowable(dayEnd, now.toISOString(), this.cards.scopeOf(deck));
    const dueToday = {
      learning: showable.learning,
      review: Math.min(showable.review, left.reviews),
      new: Math.min(showable.new, left.newCards),
    };
    return {
      byState: this.cards.countByState(),
      dueToday: { ...dueToday, total: dueToday.learning + dueToday.review + dueToday.new },
      reviewedToday: done.newCards + done.reviews + done.learning,
      desiredRetention: settings.desiredRetention,
    };
  }

  /** The decks a session can be started on, with their cards and what a session of each has left today (see deckSummaries). */
  decks(notes: Parameters<typeof deckSummaries>[1], libraries: Parameters<typeof deckSummaries>[2]): DrillDeckSummary[] {
    const now = this.now();
    const { dayEnd, left } = this.today(now, this.settings());
    return deckSummaries(this.cards.countByNote(dayEnd, now.toISOString()), notes, libraries, left);
  }

  /** The study day around `now`: when it ends, the grades given in it, and what its limits still allow. */
  private today(
    now: Date,
    settings: DrillSettings,
  ): { dayEnd: string; done: ReturnType<ReviewLogRepository['doneBetween']>; left: LeftToday } {
    const dayStart = studyDayStart(now, settings.dayStartHour).toISOString();
    const dayEnd = nextStudyDayStart(now, settings.dayStartHour).toISOString();
    const done = this.log.doneBetween(dayStart, dayEnd);
    const left = {
      reviews: Math.max(0, settings.maxReviewsPerDay - done.reviews),
      newCards: Math.max(0, settings.newCardsPerDay - done.newCards),
    };
    return { dayEnd, done, left };
  }

  /** Leaves the card out of sessions until the next study day starts. */
  buryUntilTomorrow(cardId: string): CardRecord {
    const now = this.now();
    const until = nextStudyDayStart(now, this.settings().dayStartHour);
    this.cards.setBuriedUntil(this.mustGet(cardId).id, until.toISOString(), now.toISOString());
    return this.mustGet(cardId);
  }

  /** Suspends a card (never shown until restored) or restores it. An orphan stays suspended until re-attached. */
  setSuspended(cardId: string, isSuspended: boolean): CardRecord {
    const card = this.mustGet(cardId);
    if (!isSuspended && card.isOrphan) return card;
    this.cards.setSuspended(cardId, isSuspended, this.now().toISOString());
    return this.mustGet(cardId);
  }

  /** FSRS's predicted chance of recalling the card at `at` (interview mode). */
  retrievability(cardId: string, at: Date): number {
    const card = this.mustGet(cardId);
    if (card.schedule.lastReview === null) return 0;
    return this.fsrs().get_retrievability(toFsrsCard(card.schedule), this.reviewTime(card, at), false);
  }

  private mustGet(cardId: string): CardRecord {
    const card = this.cards.get(cardId);
    if (!card) throw new CardNotFoundError(`no card ${cardId}`);
    return card;
  }

  private fsrs(): FSRS {
    const retention = this.settings().desiredRetention;
    if (this.engine?.retention !== retention) this.engine = { retention, fsrs: fsrsFor(retention) };
    return this.engine.fsrs;
  }

  /** The time FSRS is given: the clock, but never before the card's last review. */
  private reviewTime(card: CardRecord, wall: Date): Date {
    const last = card.schedule.lastReview === null ? Number.NEGATIVE_INFINITY : Date.parse(card.schedule.lastReview);
    return wall.getTime() < last ? new Date(last) : wall;
  }

  private alreadyCounted(card: CardRecord, input: GradeInput, wall: Date): ReviewLogRecord | undefined {
    if (input.reviewId !== undefined) {
      const same = this.log.logByReviewId(input.reviewId);
      if (same && same.cardId !== card.id) throw new RangeError(`review ${input.reviewId} belongs to another card`);
      // A new review id is a new showing of the card (learn-ahead may show it again at once): count it.
      return same;
    }
    const last = this.log.lastLogOf(card.id);
    if (!last || last.rating !== input.rating) return undefined;
    const isUnchangedSince = last.afterDue === card.schedule.due && last.afterState === card.schedule.state;
    const isWithinWindow = Math.abs(wall.getTime() - Date.parse(last.reviewedAt)) < SAME_GRADE_WINDOW_MS;
    return isUnchangedSince && isWithinWindow ? last : undefined;
  }
}
