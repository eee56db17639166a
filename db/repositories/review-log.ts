import type { Database, Statement } from 'better-sqlite3';
import { scheduleParams } from './card-records.js';
import type { CardSchedule, CardStateCode } from './card-records.js';

/** One grade, with the card's whole state before it (what undo restores). */
export interface ReviewLogRecord {
  seq: number;
  reviewId: string;
  cardId: string;
  rating: 1 | 2 | 3 | 4;
  reviewedAt: string;
  scheduledAt: string;
  elapsedDays: number;
  durationMs: number;
  before: CardSchedule;
  afterDue: string;
  afterState: CardStateCode;
}

export type NewReviewLog = Omit<ReviewLogRecord, 'seq'>;

interface ReviewLogRow {
  seq: number;
  review_id: string;
  card_id: string;
  rating: 1 | 2 | 3 | 4;
  reviewed_at: string;
  scheduled_at: string;
  elapsed_days: number;
  duration_ms: number;
  before_due: string;
  before_stability: number;
  before_difficulty: number;
  before_elapsed_days: number;
  before_scheduled_days: number;
  before_learning_steps: number;
  before_reps: number;
  before_lapses: number;
  before_state: CardStateCode;
  before_last_review: string | null;
  after_due: string;
  after_state: CardStateCode;
}

function toLog(row: ReviewLogRow): ReviewLogRecord {
  return {
    seq: row.seq,
    reviewId: row.review_id,
    cardId: row.card_id,
    rating: row.rating,
    reviewedAt: row.reviewed_at,
    scheduledAt: row.scheduled_at,
    elapsedDays: row.elapsed_days,
    durationMs: row.duration_ms,
    before: {
      due: row.before_due,
      stability: row.before_stability,
      difficulty: row.before_difficulty,
      elapsedDays: row.before_elapsed_days,
      scheduledDays: row.before_scheduled_days,
      learningSteps: row.before_learning_steps,
      reps: row.before_reps,
      lapses: row.before_lapses,
      state: row.before_state,
      lastReview: row.before_last_review,
    },
    afterDue: row.after_due,
    afterState: row.after_state,
  };
}

/**
 * SQL for the review log: one row per grade, ordered by seq (the order grades
 * were recorded, whatever the clock said), with the card's state before each.
 */
export class ReviewLogRepository {
  private readonly db: Database;
  private readonly insertLog: Statement;
  private readonly logByReview: Statement<[string], ReviewLogRow>;
  private readonly lastLogRow: Statement<[], ReviewLogRow>;
  private readonly lastLogOfCard: Statement<[string], ReviewLogRow>;
  private readonly logOfCard: Statement<[string], ReviewLogRow>;
  private readonly doneSince: Statement<[string, string], { before_state: CardStateCode; n: number }>;

  constructor(db: Database) {
    this.db = db;
    this.insertLog = db.prepare(`INSERT INTO review_log (
        review_id, card_id, rating, reviewed_at, scheduled_at, elapsed_days, duration_ms,
        before_due, before_stability, before_difficulty, before_elapsed_days, before_scheduled_days,
        before_learning_steps, before_reps, before_lapses, before_state, before_last_review, after_due, after_state)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.logByReview = db.prepare('SELECT * FROM review_log WHERE review_id = ?');
    this.lastLogRow = db.prepare('SELECT * FROM review_log ORDER BY seq DESC LIMIT 1');
    this.lastLogOfCard = db.prepare('SELECT * FROM review_log WHERE card_id = ? ORDER BY seq DESC LIMIT 1');
    this.logOfCard = db.prepare('SELECT * FROM review_log WHERE card_id = ? ORDER BY seq');
    this.doneSince = db.prepare(
      `SELECT before_state, COUNT(*) AS n FROM review_log
        WHERE reviewed_at >= ? AND reviewed_at < ? GROUP BY before_state`,
    );
  }

  /** Grades given in [from, to): new cards introduced and reviews of review-state cards. */
  doneBetween(from: string, to: string): { newCards: number; reviews: number; learning: number } {
    const done = { newCards: 0, reviews: 0, learning: 0 };
    for (const { before_state, n } of this.doneSince.all(from, to)) {
      if (before_state === 0) done.newCards += n;
      else if (before_state === 2) done.reviews += n;
      else done.learning += n;
    }
    return done;
  }

  /** Appends one grade to the log; returns its seq. */
  appendLog(log: NewReviewLog): number {
    const result = this.insertLog.run(
      log.reviewId,
      log.cardId,
      log.rating,
      log.reviewedAt,
      log.scheduledAt,
      log.elapsedDays,
      log.durationMs,
      ...scheduleParams(log.before),
      log.afterDue,
      log.afterState,
    );
    return Number(result.lastInsertRowid);
  }

  /** The grade recorded under this review id, if any. */
  logByReviewId(reviewId: string): ReviewLogRecord | undefined {
    const row = this.logByReview.get(reviewId);
    return row ? toLog(row) : undefined;
  }

  /** The last grade given (by order of recording, whatever the clock said). */
  lastLog(): ReviewLogRecord | undefined {
    const row = this.lastLogRow.get();
    return row ? toLog(row) : undefined;
  }

  /** The card's last grade. */
  lastLogOf(cardId: string): ReviewLogRecord | undefined {
    const row = this.lastLogOfCard.get(cardId);
    return row ? toLog(row) : undefined;
  }

  /** The card's whole history, oldest first. */
  history(cardId: string): ReviewLogRecord[] {
    return this.logOfCard.all(cardId).map(toLog);
  }

  /** Removes one grade (undo). */
  deleteLog(seq: number): void {
    this.db.prepare('DELETE FROM review_log WHERE seq = ?').run(seq);
  }
}
