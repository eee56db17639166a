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

/** Columns read beside each card of a concept (SQL over the cards table as `c`, each `AS` one of `names`), with their named parameters. */
export interface ExtraColumns {
  columns: string;
  names: string[];
  params: Record<string, number | string>;
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
 * Every card of each concept asked for (see above), suspended and orphaned
 * cards included, once per concept, with `extra` columns read beside it.
 * Three statements whatever the number of concepts. SQL keeps only the
 * cards whose text holds a name (instr over lower-cased text: CJK has no
 * case, and names are lower-cased the same way); JavaScript then settles the
 * whole-word test for names with Latin ends, the text of a card being its
 * question and answer on two lines (the matcher tests them as one text: a
 * name never spans the line break, which is not a letter).
 */
export function conceptCardRows<E extends object = object>(
  db: Database,
  conceptIds: readonly number[],
  extra: ExtraColumns = { columns: '', names: [], params: {} },
): ({ conceptId: number; id: string } & E)[] {
  if (conceptIds.length === 0) return [];
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
  // SQLite's lower() folds ASCII only; so does this, for the names it is compared with.
  const asciiLower = (text: string) => text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  // A name that starts or ends with a Latin letter or digit must stand as a word: JavaScript settles those.
  const needsWords = (name: string) => /^[A-Za-z0-9]|[A-Za-z0-9]$/.test(name);
  const wanted = JSON.stringify(
    names
      .filter((row) => row.name.trim() !== '')
      .map((row) => [row.conceptId, asciiLower(row.name.trim()), needsWords(row.name.trim()) ? 1 : 0]),
  );
  const more = extra.columns ? `, ${extra.columns}` : '';
  const carried = extra.names.map((name) => `, t.${name} AS ${name}`).join('');

  const seen = new Set<string>();
  const rows: ({ conceptId: number; id: string } & E)[] = [];
  const keep = (row: { conceptId: number; id: string } & E): void => {
    const key = `${row.conceptId} ${row.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(row);
  };

  // Each card of the mentioning notes is lower-cased once (t), then looked for each name; the
  // tables are materialized and joined in this order (CROSS JOIN fixes it), else SQLite reads
  // the names' JSON again for every card.
  const named = db
    .prepare(
      `WITH n AS MATERIALIZED (SELECT json_extract(value, '$[0]') AS concept_id, json_extract(value, '$[1]') AS name, json_extract(value, '$[2]') AS words
                               FROM json_each(@names)),
            m AS MATERIALIZED (SELECT DISTINCT concept_id, note_id FROM concept_mentions WHERE concept_id IN (SELECT value FROM json_each(@concepts))),
            t AS MATERIALIZED (SELECT c.id AS id, c.note_id AS note_id,
                                      lower(COALESCE(c.question_override, c.question_exact) || char(10) || COALESCE(c.answer_override, c.answer_exact, '')) AS text${more}
                               FROM cards c WHERE c.note_id IN (SELECT note_id FROM m))
       SELECT n.concept_id AS conceptId, t.id AS id, CASE WHEN n.words THEN t.text END AS text${carried}
       FROM n CROSS JOIN m ON m.concept_id = n.concept_id
       CROSS JOIN t ON t.note_id = m.note_id
       WHERE instr(t.text, n.name) > 0`,
    )
    .all({ ...extra.params, names: wanted, concepts: list }) as ({ conceptId: number; id: string; text: string | null } & E)[];
  for (const { text, ...row } of named) {
    const matcher = matchers.get(row.conceptId);
    if (text === null || (matcher && matcher.test(text))) keep(row as { conceptId: number; id: string } & E);
  }

  // A section's stretch runs to the next heading of its level or above: its subsections are in it.
  const defined = db
    .prepare(
      `SELECT m.concept_id AS conceptId, c.id AS id${more}
       FROM concept_mentions m
       JOIN sections s ON s.note_id = m.note_id AND s.ord = m.section_ord
       JOIN cards c ON c.note_id = m.note_id AND c.question_start >= s.start_offset AND c.question_start < MAX(s.end_offset, s.start_offset + 1)
       WHERE m.kind = 'defines' AND m.concept_id IN (SELECT value FROM json_each(@concepts))`,
    )
    .all({ ...extra.params, concepts: list }) as ({ conceptId: number; id: string } & E)[];
  for (const row of defined) keep(row);
  return rows;
}

/** The ids of the cards of each concept asked for (an empty set for a concept with none). */
export function cardsOfConcepts(db: Database, conceptIds: readonly number[]): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  for (const id of conceptIds) result.set(id, new Set());
  for (const row of conceptCardRows(db, conceptIds)) result.get(row.conceptId)?.add(row.id);
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
