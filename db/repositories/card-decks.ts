import type { Database } from 'better-sqlite3';

/** What a session draws its cards from (the API's DrillDeck). */
export type Deck =
  | { kind: 'all' }
  | { kind: 'note'; noteId: number }
  | { kind: 'library'; libraryId: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'concept'; conceptId: number };

/** A condition on the cards table (no leading AND), with its values. */
export interface DeckScope {
  where: string;
  params: (string | number)[];
}

/** Every card: no condition, so the plain statements (and their partial indexes) serve the session. */
export const EVERY_CARD: DeckScope = { where: '1', params: [] };

interface CardText {
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
 * A test for "this text names one of these concepts": Latin names as whole
 * words, case-insensitive (as mentions match them in the reader), CJK names
 * anywhere. One regular expression for all names, so a card is read once.
 */
function namesMatcher(names: string[]): RegExp | null {
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
 * Turns a deck into a condition on cards. Notes, folders and tags are plain
 * SQL. A concept's deck is the concept and its linked neighbours (links in
 * either direction, not deleted): the cards of the notes that mention one of
 * them whose question or answer names one (by name or alias), chosen once
 * here and passed to the statements as a JSON list of ids.
 */
export function deckScope(db: Database, deck: Deck | undefined): DeckScope {
  if (!deck || deck.kind === 'all') return EVERY_CARD;
  if (deck.kind === 'note') return { where: 'note_id = ?', params: [deck.noteId] };
  if (deck.kind === 'library') return { where: 'note_id IN (SELECT id FROM notes WHERE library_id = ?)', params: [deck.libraryId] };
  if (deck.kind === 'tag') {
    return {
      where: 'note_id IN (SELECT notes.id FROM notes, json_each(notes.tags) AS tag WHERE tag.value = ? COLLATE NOCASE)',
      params: [deck.tag],
    };
  }
  const conceptIds = db
    .prepare(
      `SELECT ? AS id
       UNION SELECT to_concept_id FROM concept_links WHERE from_concept_id = ? AND is_deleted = 0
       UNION SELECT from_concept_id FROM concept_links WHERE to_concept_id = ? AND is_deleted = 0`,
    )
    .pluck()
    .all(deck.conceptId, deck.conceptId, deck.conceptId) as number[];
  const list = JSON.stringify(conceptIds);
  const names = db
    .prepare(
      `SELECT name FROM concepts WHERE id IN (SELECT value FROM json_each(?))
       UNION SELECT alias FROM concept_aliases WHERE is_removed = 0 AND concept_id IN (SELECT value FROM json_each(?))`,
    )
    .pluck()
    .all(list, list) as string[];
  const matcher = namesMatcher(names);
  const candidates = matcher
    ? (db
        .prepare(
          `SELECT id, question_exact, answer_exact, question_override, answer_override FROM cards
           WHERE note_id IN (SELECT note_id FROM concept_mentions WHERE concept_id IN (SELECT value FROM json_each(?)))`,
        )
        .all(list) as CardText[])
    : [];
  const ids = candidates
    .filter((card) =>
      [card.question_override ?? card.question_exact, card.answer_override ?? card.answer_exact ?? ''].some((text) => matcher!.test(text)),
    )
    .map((card) => card.id);
  return { where: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] };
}
