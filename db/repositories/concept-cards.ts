import type { Database } from 'better-sqlite3';

/*
 * Which cards belong to a concept. One definition, used by the concept's deck
 * ("Study this" on its page: the concept and its neighbours) and by its
 * mastery (the colour of its node on a concept map), so what a person studies
 * from a concept is exactly what colours it.
 *
 * A concept's cards are those that
 *  - name it: the question or answer (the person's override if any) holds its
 *    name or one of its aliases, among the cards of the notes that mention it
 *    (concept_mentions narrows the cards to read to a few notes); or
 *  - sit where it is defined: the question lies in a section (subsections
 *    included) whose heading defines the concept (a "### PPO" heading's
 *    "1. Why clip?" names no concept but is about PPO).
 */

interface CardText {
  conceptId: number;
  id: string;
  question_exact: string;
  answer_exact: string | null;
  question_override: string | null;
  answer_override: string | null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A test for "this text names one of these names": Latin names as whole
 * words, case-insensitive (as mentions match them in the reader), CJK names
 * anywhere. One regular expression for all names, so a card is read once.
 */
export function namesMatcher(names: string[]): RegExp | null {
  const usable = [...new Set(names.map((name) => name.trim()).filter((name) => name.length > 0))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return null;
  const parts = usable.map((name) => {
    const body = escapeRegExp(name);
    const head = /^[A-Za-z0-9]/.test(name) ? '(?<![A-Za-z0-9])' : '';
    const tail = /[A-Za-z0-9]$/.test(name) ? '(?![A-Za-z0-9])' : '';
    return `${head}${body}${tail}`;
  });
  return new RegExp(parts.join('|'), 'iu');
}

/**
 * The ids of the cards of each concept asked for (see above), suspended and
 * orphaned cards included (callers filter by what they need). A concept with
 * no card maps to an empty set. Three statements whatever the number of
 * concepts; each candidate card's text is tested once per concept whose
 * mentioning notes hold it.
 */
export function cardsOfConcepts(db: Database, conceptIds: readonly number[]): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  for (const id of conceptIds) result.set(id, new Set());
  if (conceptIds.length === 0) return result;
  const list = JSON.stringify([...new Set(conceptIds)]);

  const names = db
    .prepare(
      `SELECT id AS conceptId, name FROM concepts WHERE id IN (SELECT value FROM json_each(?))
       UNION ALL SELECT concept_id, alias FROM concept_aliases WHERE is_removed = 0 AND concept_id IN (SELECT value FROM json_each(?))`,
    )
    .all(list, list) as { conceptId: number; name: string }[];
  const namesOf = new Map<number, string[]>();
  for (const row of names) namesOf.set(row.conceptId, [...(namesOf.get(row.conceptId) ?? []), row.name]);
  const matchers = new Map<number, RegExp | null>();
  for (const [id, own] of namesOf) matchers.set(id, namesMatcher(own));

  const candidates = db
    .prepare(
      `SELECT m.concept_id AS conceptId, c.id, c.question_exact, c.answer_exact, c.question_override, c.answer_override
       FROM (SELECT DISTINCT concept_id, note_id FROM concept_mentions WHERE concept_id IN (SELECT value FROM json_each(?))) AS m
       JOIN cards c ON c.note_id = m.note_id`,
    )
    .all(list) as CardText[];
  for (const card of candidates) {
    const matcher = matchers.get(card.conceptId);
    if (!matcher) continue;
    const question = card.question_override ?? card.question_exact;
    const answer = card.answer_override ?? card.answer_exact ?? '';
    if (matcher.test(question) || matcher.test(answer)) result.get(card.conceptId)?.add(card.id);
  }

  // A section's stretch runs to the next heading of its level or above: its subsections are in it.
  const defined = db
    .prepare(
      `SELECT m.concept_id AS conceptId, c.id
       FROM concept_mentions m
       JOIN sections s ON s.note_id = m.note_id AND s.ord = m.section_ord
       JOIN cards c ON c.note_id = m.note_id AND c.question_start >= s.start_offset AND c.question_start < MAX(s.end_offset, s.start_offset + 1)
       WHERE m.kind = 'defines' AND m.concept_id IN (SELECT value FROM json_each(?))`,
    )
    .all(list) as { conceptId: number; id: string }[];
  for (const row of defined) result.get(row.conceptId)?.add(row.id);
  return result;
}

/** A concept and the concepts linked to it either way (links not deleted). */
export function conceptAndNeighbours(db: Database, conceptId: number): number[] {
  return db
    .prepare(
      `SELECT ? AS id
       UNION SELECT to_concept_id FROM concept_links WHERE from_concept_id = ? AND is_deleted = 0
       UNION SELECT from_concept_id FROM concept_links WHERE to_concept_id = ? AND is_deleted = 0`,
    )
    .pluck()
    .all(conceptId, conceptId, conceptId) as number[];
}
