import type { Database } from 'better-sqlite3';
import { conceptCardRows } from './concept-cards.js';

/*
 * The figures mastery is judged from (main/drills/mastery.ts says how), summed
 * in SQL in one pass over the cards, so a library of 10,000 cards is one scan
 * and no card crosses into JavaScript.
 */

/** How a card's recall falls with time: FSRS's forgetting curve R(t, S) = (1 + factor·t/S)^decay. */
export interface RecallCurve {
  decay: number;
  factor: number;
}

/** What "now" and "good enough" are for one reading of mastery. */
export interface MasteryQuery {
  /** ISO time: recall is read at this moment. */
  now: string;
  curve: RecallCurve;
  /** A reviewed card whose recall now is below this is weak (the person's desired retention). */
  desiredRetention: number;
  /** Below this stability (days) a reviewed card is weak whatever its recall now (a card just failed). */
  weakStabilityDays: number;
  /** At or above this stability (days) a card on schedule is solid (mature, as Anki counts). */
  solidStabilityDays: number;
}

/** The sums over a set of cards (suspended and orphaned cards left out). */
export interface RecallTally {
  /** Cards that count. */
  cards: number;
  /** Of those, reviewed at least once. */
  reviewed: number;
  /** The sum of the reviewed cards' recall now (0–1 each). */
  recallSum: number;
  /** Reviewed cards that are weak: recall now below the desired retention, or stability below weakStabilityDays. */
  weak: number;
  /** Reviewed cards that are solid: recall now at or above the desired retention and stability at or above solidStabilityDays. */
  solid: number;
}

export const EMPTY_TALLY: RecallTally = { cards: 0, reviewed: 0, recallSum: 0, weak: 0, solid: 0 };

/*
 * One card's figures. A card is reviewed when FSRS has left New and it has a
 * last review. Its recall now follows ts-fsrs's get_retrievability exactly:
 * t is the whole days since the last review (floored, never negative, so a
 * clock moved backwards reads as t = 0), R = (1 + factor·t/S)^decay.
 */
const REVIEWED = '(c.state <> 0 AND c.last_review IS NOT NULL AND c.stability > 0)';
const RECALL = `CASE WHEN ${REVIEWED}
  THEN pow(1 + @factor * MAX(0, floor(round((julianday(@now) - julianday(c.last_review)) * 86400000) / 86400000.0)) / c.stability, @decay)
  END`;

const CARD_FIGURES = `
  SELECT c.note_id AS note_id, c.question_start AS question_start, c.id AS id,
         ${REVIEWED} AS is_reviewed, c.stability AS stability, ${RECALL} AS recall
  FROM cards c
  WHERE c.is_suspended = 0 AND c.is_orphan = 0`;

const TALLY = `
  COUNT(*) AS cards,
  COALESCE(SUM(f.is_reviewed), 0) AS reviewed,
  COALESCE(SUM(f.recall), 0) AS recallSum,
  COALESCE(SUM(f.is_reviewed AND (f.recall < @retention OR f.stability < @weakStability)), 0) AS weak,
  COALESCE(SUM(f.is_reviewed AND f.recall >= @retention AND f.stability >= @solidStability), 0) AS solid`;

function params(query: MasteryQuery): Record<string, number | string> {
  return {
    now: query.now,
    factor: query.curve.factor,
    decay: query.curve.decay,
    retention: query.desiredRetention,
    weakStability: query.weakStabilityDays,
    solidStability: query.solidStabilityDays,
  };
}

/** Reads the sums behind mastery marks: per note, per section, per concept. */
export class MasteryRepository {
  constructor(private readonly db: Database) {}

  /** Each note's sums (notes still in the library that hold at least one counted card), or only `noteId`'s. */
  byNote(query: MasteryQuery, noteId?: number): Map<number, RecallTally> {
    const only = noteId === undefined ? '' : ' AND c.note_id = @noteId';
    const rows = this.db
      .prepare(
        `SELECT f.note_id AS noteId, ${TALLY}
         FROM (${CARD_FIGURES}${only} AND c.note_id IN (SELECT id FROM notes WHERE removed_at IS NULL)) AS f
         GROUP BY f.note_id`,
      )
      .all(noteId === undefined ? params(query) : { ...params(query), noteId }) as (RecallTally & { noteId: number })[];
    return new Map(rows.map(({ noteId, ...tally }) => [noteId, tally]));
  }

  /**
   * One note's sums per section. A section's stretch runs from its heading to
   * the next heading of its level or above (the importer stores it so), so a
   * section counts its subsections' cards too. Cards above the first heading
   * belong to no section.
   */
  bySection(noteId: number, query: MasteryQuery): Map<number, RecallTally> {
    const rows = this.db
      .prepare(
        `SELECT s.ord AS ord, ${TALLY}
         FROM (${CARD_FIGURES} AND c.note_id = @noteId) AS f
         JOIN sections s ON s.note_id = f.note_id AND f.question_start >= s.start_offset AND f.question_start < MAX(s.end_offset, s.start_offset + 1)
         GROUP BY s.ord ORDER BY s.ord`,
      )
      .all({ ...params(query), noteId }) as (RecallTally & { ord: number })[];
    return new Map(rows.map(({ ord, ...tally }) => [ord, tally]));
  }

  /**
   * Which cards each concept holds, by rowid, kept while the store is
   * unchanged: finding them reads the text of every card in the notes that
   * mention the concepts (tens of milliseconds on a 10,000-card store), while
   * their figures are a lookup per card. Any write on this connection
   * (total_changes) or a commit by another (data_version) starts it afresh,
   * so an import, an edit, a renamed concept or a grade is seen at once.
   */
  private membership: { version: string; cards: Map<number, number[]> } = { version: '', cards: new Map() };

  private cardsOf(conceptIds: readonly number[]): Map<number, number[]> {
    const version = `${this.db.prepare('SELECT total_changes()').pluck().get() as number}:${this.db.pragma('data_version', { simple: true }) as number}`;
    if (version !== this.membership.version) this.membership = { version, cards: new Map() };
    const known = this.membership.cards;
    const missing = [...new Set(conceptIds)].filter((id) => !known.has(id));
    if (missing.length > 0) {
      for (const id of missing) known.set(id, []);
      for (const row of conceptCardRows<{ cardRowid: number }>(this.db, missing, {
        columns: 'c.rowid AS cardRowid',
        names: ['cardRowid'],
        params: {},
      })) {
        known.get(row.conceptId)?.push(row.cardRowid);
      }
    }
    return new Map(conceptIds.map((id) => [id, known.get(id) ?? []]));
  }

  /**
   * Each concept's sums, from its cards (concept-cards.ts): the cards' figures
   * read in one statement, then summed per concept in one pass. Concepts with
   * no counted card get the empty tally.
   */
  byConcepts(conceptIds: readonly number[], query: MasteryQuery): Map<number, RecallTally> {
    const cardsOf = this.cardsOf(conceptIds);
    const rowids = [...new Set([...cardsOf.values()].flat())];
    const figures = new Map<number, { recall: number | null; stability: number; isReviewed: number }>();
    if (rowids.length > 0) {
      const rows = this.db
        .prepare(
          `SELECT c.rowid AS cardRowid, ${REVIEWED} AS isReviewed, ${RECALL} AS recall, c.stability AS stability
           FROM cards c WHERE c.rowid IN (SELECT value FROM json_each(@rowids)) AND c.is_suspended = 0 AND c.is_orphan = 0`,
        )
        .all({ ...params(query), rowids: JSON.stringify(rowids) }) as {
        cardRowid: number;
        isReviewed: number;
        recall: number | null;
        stability: number;
      }[];
      for (const { cardRowid, ...figure } of rows) figures.set(cardRowid, figure);
    }
    const result = new Map<number, RecallTally>();
    for (const [conceptId, cards] of cardsOf) {
      const tally = { ...EMPTY_TALLY };
      for (const rowid of cards) {
        const card = figures.get(rowid);
        if (!card) continue; // suspended or orphaned: not counted
        tally.cards += 1;
        if (!card.isReviewed || card.recall === null) continue;
        tally.reviewed += 1;
        tally.recallSum += card.recall;
        if (card.recall < query.desiredRetention || card.stability < query.weakStabilityDays) tally.weak += 1;
        else if (card.stability >= query.solidStabilityDays) tally.solid += 1;
      }
      result.set(conceptId, tally);
    }
    return result;
  }
}
