import type { Database, Statement } from 'better-sqlite3';
import type { CardStateCode } from './cards.js';
import type { DeckScope } from './card-decks.js';

/**
 * What interview mode reads of a card to predict its recall on a day: its
 * FSRS memory state and its dates as milliseconds, without its text or the
 * fields FSRS keeps only for its logs (10,000 cards are read on every call,
 * so the rows stay narrow).
 */
export interface CardMemory {
  id: string;
  state: CardStateCode;
  due: number;
  stability: number;
  difficulty: number;
  /** Null for a card never reviewed. */
  lastReview: number | null;
  learningSteps: number;
  createdAt: string;
}

/** Column order of MEMORY_COLUMNS; rows are read as arrays (no object per row and column name). */
type CardMemoryRow = [
  id: string,
  state: CardStateCode,
  due: string,
  stability: number,
  difficulty: number,
  lastReview: string | null,
  learningSteps: number,
  createdAt: string,
];

/** Cards a session may show at `now` (the same test as CardRepository's sessions). */
const SHOWABLE = 'is_suspended = 0 AND is_orphan = 0 AND (buried_until IS NULL OR buried_until <= ?)';
/**
 * An answer from the note or typed by the person. answer_start rather than
 * answer_exact: the answer's text can be long and sits in overflow pages,
 * which testing it would read for every card.
 */
const HAS_ANSWER = '(answer_start IS NOT NULL OR answer_override IS NOT NULL)';
const MEMORY_COLUMNS = 'id, state, due, stability, difficulty, last_review, learning_steps, created_at';

function toMemory(row: CardMemoryRow): CardMemory {
  return {
    id: row[0],
    state: row[1],
    due: Date.parse(row[2]),
    stability: row[3],
    difficulty: row[4],
    lastReview: row[5] === null ? null : Date.parse(row[5]),
    learningSteps: row[6],
    createdAt: row[7],
  };
}

/**
 * SQL for interview mode: every showable card's memory state in one query,
 * and which of them a deck holds, so that a forecast over 10,000 cards is
 * two or three statements rather than one per card.
 */
export class InterviewCardRepository {
  private readonly db: Database;
  private readonly everyShowable: Statement<[string], CardMemoryRow>;
  private readonly everyAnswered: Statement<[string], CardMemoryRow>;

  constructor(db: Database) {
    this.db = db;
    this.everyShowable = db.prepare<[string], CardMemoryRow>(`SELECT ${MEMORY_COLUMNS} FROM cards WHERE ${SHOWABLE}`).raw(true);
    this.everyAnswered = db
      .prepare<[string], CardMemoryRow>(`SELECT ${MEMORY_COLUMNS} FROM cards WHERE ${SHOWABLE} AND ${HAS_ANSWER}`)
      .raw(true);
  }

  /** Every card a session may show at `now`, in no particular order. */
  showable(now: string): CardMemory[] {
    return this.everyShowable.all(now).map(toMemory);
  }

  /** The showable cards that have an answer (from the note, or typed by the person): what a mock interview asks. */
  answered(now: string): CardMemory[] {
    return this.everyAnswered.all(now).map(toMemory);
  }

  /** The ids of the showable cards a deck holds (its condition from deckScope). */
  showableIdsIn(scope: DeckScope, now: string): Set<string> {
    const ids = this.db
      .prepare(`SELECT id FROM cards WHERE ${SHOWABLE} AND (${scope.where})`)
      .pluck()
      .all(now, ...scope.params) as string[];
    return new Set(ids);
  }
}
