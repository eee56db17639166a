import type { Database, Statement } from 'better-sqlite3';
import { HAS_ANSWER, NOT_SET_ASIDE } from './cards.js';
import type { CardStateCode } from './card-records.js';
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
  /**
   * Whether the card has an answer (from its note, or typed by the person).
   * One without is a question still to answer: no session shows it until an
   * answer is written, so interview mode leaves it out of its forecast too.
   */
  hasAnswer: boolean;
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
  hasAnswer: 0 | 1,
];

/**
 * What interview mode reads of each card, with whether it has an answer: it
 * reads the cards not set aside (NOT_SET_ASIDE, CardRepository's session test
 * without its answer part), so that the questions still to answer can be
 * counted apart. A session shows only the answered ones.
 */
const MEMORY_COLUMNS = `id, state, due, stability, difficulty, last_review, learning_steps, created_at, ${HAS_ANSWER}`;

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
    hasAnswer: row[8] === 1,
  };
}

/**
 * SQL for interview mode: every showable card's memory state in one query,
 * and which of them a deck holds, so that a forecast over 10,000 cards is
 * two or three statements rather than one per card.
 */
export class InterviewCardRepository {
  private readonly db: Database;
  private readonly everyAvailable: Statement<[string], CardMemoryRow>;

  constructor(db: Database) {
    this.db = db;
    this.everyAvailable = db.prepare<[string], CardMemoryRow>(`SELECT ${MEMORY_COLUMNS} FROM cards WHERE ${NOT_SET_ASIDE}`).raw(true);
  }

  /** Every card that is neither suspended, orphaned nor buried at `now`, with or without an answer, in no particular order. */
  available(now: string): CardMemory[] {
    return this.everyAvailable.all(now).map(toMemory);
  }

  /** The ids of the available cards a deck holds (its condition from deckScope), answered or not. */
  availableIdsIn(scope: DeckScope, now: string): Set<string> {
    const ids = this.db
      .prepare(`SELECT id FROM cards WHERE ${NOT_SET_ASIDE} AND (${scope.where})`)
      .pluck()
      .all(now, ...scope.params) as string[];
    return new Set(ids);
  }
}
