import type { Database, Statement } from 'better-sqlite3';
import type { CardStateCode } from './card-records.js';

/** The grades of one study day, summed by SQLite (the day is a range of review_log.reviewed_at). */
export interface DayGrades {
  /** Index of the day in the list of ranges given. */
  day: number;
  reviews: number;
  durationMs: number;
  /** Grades of mature cards (review state, scheduled interval ≥ 21 days) … */
  matureReviews: number;
  /** … and those of them not graded Again. */
  maturePassed: number;
}

/** A card the forecast counts: when it falls due and the deck it belongs to. */
export interface DueCard {
  /** ISO time: the later of its due time and the end of a bury. */
  due: string;
  noteId: number;
  libraryId: number;
}

/** What coverage and the weakest cards read of a card: its memory and its note, no text. */
export interface CardStanding {
  id: string;
  noteId: number;
  state: CardStateCode;
  stability: number;
  /** Null for a card never reviewed. */
  lastReview: string | null;
  lapses: number;
  reps: number;
}

/** A note as a deck of coverage: its title, folder and tags (from its front matter). */
export interface NoteDeckInfo {
  id: number;
  title: string;
  libraryId: number;
  libraryName: string;
  tags: string[];
}

/** A card's words, for the list of weakest cards. */
export interface CardWords {
  id: string;
  question: string;
  context: string;
}

/** Cards a person studies: not suspended, not orphaned (a bury only delays them). */
const STUDIED = 'is_suspended = 0 AND is_orphan = 0 AND note_id IS NOT NULL';
/** Anki's "mature": a review of a card whose interval had reached 21 days. */
const MATURE = 'before_state = 2 AND before_scheduled_days >= 21';

type DayGradesRow = [day: number, reviews: number, durationMs: number, matureReviews: number, maturePassed: number];
type StandingRow = [
  id: string,
  noteId: number,
  state: CardStateCode,
  stability: number,
  lastReview: string | null,
  lapses: number,
  reps: number,
];

/**
 * SQL for the progress dashboard: sums of the review log per study day,
 * the due times of cards for the forecast, and every studied card's memory
 * for coverage — each one statement, whatever the number of cards or days.
 */
export class ProgressRepository {
  private readonly db: Database;
  private readonly gradesByDay: Statement<[string], DayGradesRow>;
  /** Served by cards_due (state, due): the cards of the next 30 days only, not every card. */
  private readonly dueBefore: Statement<[string, string], [string, number, number]>;
  private readonly standings: Statement<[], StandingRow>;
  private readonly before: Statement<[string], [number, number]>;

  constructor(db: Database) {
    this.db = db;
    // One range of review_log_day_sums per day, read from the index alone (CROSS JOIN keeps the days the outer loop):
    // the days arrive as a JSON list of [start, end) ISO times.
    this.gradesByDay = db
      .prepare<[string], DayGradesRow>(
        `SELECT d.key AS day, COUNT(*), COALESCE(SUM(r.duration_ms), 0),
           COALESCE(SUM(CASE WHEN ${MATURE} THEN 1 ELSE 0 END), 0),
           COALESCE(SUM(CASE WHEN ${MATURE} AND r.rating > 1 THEN 1 ELSE 0 END), 0)
         FROM json_each(?) AS d
         CROSS JOIN review_log AS r ON r.reviewed_at >= d.value ->> 0 AND r.reviewed_at < d.value ->> 1
         GROUP BY d.key`,
      )
      .raw(true);
    this.dueBefore = db
      .prepare<[string, string], [string, number, number]>(
        `SELECT MAX(c.due, COALESCE(c.buried_until, c.due)) AS due, c.note_id, n.library_id
         FROM cards AS c JOIN notes AS n ON n.id = c.note_id
         WHERE c.is_suspended = 0 AND c.is_orphan = 0 AND c.state IN (1, 2, 3) AND c.due < ? AND (c.buried_until IS NULL OR c.buried_until < ?)`,
      )
      .raw(true);
    this.before = db
      .prepare<[string], [number, number]>('SELECT COUNT(*), TOTAL(duration_ms) FROM review_log WHERE reviewed_at < ?')
      .raw(true);
    this.standings = db
      .prepare<[], StandingRow>(`SELECT id, note_id, state, stability, last_review, lapses, reps FROM cards WHERE ${STUDIED}`)
      .raw(true);
  }

  /**
   * The grades made in each of the given [start, end) ranges of ISO times
   * (study days), summed; ranges with no grade are left out. Counted by the
   * wall clock the grade was made at (reviewed_at), so a grade made after
   * the clock was moved back lands on the day the clock said.
   */
  gradesPerDay(days: readonly (readonly [string, string])[]): DayGrades[] {
    return this.gradesByDay
      .all(JSON.stringify(days))
      .map(([day, reviews, durationMs, matureReviews, maturePassed]) => ({ day, reviews, durationMs, matureReviews, maturePassed }));
  }

  /**
   * How many grades were made before `at`, and their total time: read from
   * the index alone, a cheap sign that the sums of past days have not changed
   * (an undo of an earlier day's grade, or a grade made under a clock set
   * back, changes it).
   */
  gradesBefore(at: string): { count: number; durationMs: number } {
    const [count, durationMs] = this.before.get(at) ?? [0, 0];
    return { count, durationMs };
  }

  /** Cards in (re)learning or review that fall due before `until` (overdue ones included). */
  dueCards(until: string): DueCard[] {
    return this.dueBefore.all(until, until).map(([due, noteId, libraryId]) => ({ due, noteId, libraryId }));
  }

  /** Every studied card's memory and note. */
  cardStandings(): CardStanding[] {
    return this.standings
      .all()
      .map(([id, noteId, state, stability, lastReview, lapses, reps]) => ({ id, noteId, state, stability, lastReview, lapses, reps }));
  }

  /** The notes that are not removed, with their folder and tags, to group cards into decks. */
  noteDecks(): NoteDeckInfo[] {
    const rows = this.db
      .prepare(
        `SELECT n.id, n.title, n.library_id, l.name, n.tags FROM notes AS n JOIN libraries AS l ON l.id = n.library_id
         WHERE n.removed_at IS NULL`,
      )
      .raw(true)
      .all() as [number, string, number, string, string][];
    return rows.map(([id, title, libraryId, libraryName, tags]) => ({ id, title, libraryId, libraryName, tags: parseTags(tags) }));
  }

  /** The question (the person's own wording if any) and context of the given cards. */
  cardWords(ids: readonly string[]): CardWords[] {
    const rows = this.db
      .prepare(`SELECT id, COALESCE(question_override, question_exact), context FROM cards WHERE id IN (SELECT value FROM json_each(?))`)
      .raw(true)
      .all(JSON.stringify(ids)) as [string, string, string][];
    return rows.map(([id, question, context]) => ({ id, question, context }));
  }
}

/** A note's stored tags; anything but a list of strings (written by another version) reads as none. */
function parseTags(text: string): string[] {
  try {
    const tags: unknown = JSON.parse(text);
    return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string' && tag.length > 0) : [];
  } catch {
    return [];
  }
}
