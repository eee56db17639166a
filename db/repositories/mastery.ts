import type { Database } from 'better-sqlite3';

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
const CARD_FIGURES = `
  SELECT c.note_id AS note_id, c.question_start AS question_start, c.id AS id,
         (c.state <> 0 AND c.last_review IS NOT NULL AND c.stability > 0) AS is_reviewed,
         c.stability AS stability,
         CASE WHEN c.state <> 0 AND c.last_review IS NOT NULL AND c.stability > 0
              THEN pow(1 + @factor * MAX(0, floor(round((julianday(@now) - julianday(c.last_review)) * 86400000) / 86400000.0)) / c.stability, @decay)
         END AS recall
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

/** Reads the sums behind mastery marks: per note, per section, per set of cards. */
export class MasteryRepository {
  constructor(private readonly db: Database) {}

  /** Each note's sums (notes still in the library that hold at least one counted card). */
  byNote(query: MasteryQuery): Map<number, RecallTally> {
    const rows = this.db
      .prepare(
        `SELECT f.note_id AS noteId, ${TALLY}
         FROM (${CARD_FIGURES} AND c.note_id IN (SELECT id FROM notes WHERE removed_at IS NULL)) AS f
         GROUP BY f.note_id`,
      )
      .all(params(query)) as (RecallTally & { noteId: number })[];
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

  /** The sums of each group of cards (by card id), in one statement. Groups with no counted card get the empty tally. */
  byCardGroups<K>(groups: Map<K, Set<string>>, query: MasteryQuery): Map<K, RecallTally> {
    const keys = [...groups.keys()];
    const pairs: [number, string][] = [];
    keys.forEach((key, index) => {
      for (const id of groups.get(key) ?? []) pairs.push([index, id]);
    });
    const result = new Map<K, RecallTally>(keys.map((key) => [key, { ...EMPTY_TALLY }]));
    if (pairs.length === 0) return result;
    const rows = this.db
      .prepare(
        `SELECT g.grp AS grp, ${TALLY}
         FROM (SELECT json_extract(value, '$[0]') AS grp, json_extract(value, '$[1]') AS card_id FROM json_each(@pairs)) AS g
         JOIN (${CARD_FIGURES}) AS f ON f.id = g.card_id
         GROUP BY g.grp`,
      )
      .all({ ...params(query), pairs: JSON.stringify(pairs) }) as (RecallTally & { grp: number })[];
    for (const { grp, ...tally } of rows) {
      const key = keys[grp];
      if (key !== undefined) result.set(key, tally);
    }
    return result;
  }
}
