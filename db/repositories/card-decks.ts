import type { Database } from 'better-sqlite3';
import { cardsOfConcepts, conceptAndNeighbours } from './concept-cards.js';

/** What a session draws its cards from (the API's DrillDeck). */
export type Deck =
  | { kind: 'all' }
  | { kind: 'note'; noteId: number }
  | { kind: 'library'; libraryId: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'concept'; conceptId: number }
  | { kind: 'anki'; ankiDeckId: number };

/** A condition on the cards table (no leading AND), with its values. */
export interface DeckScope {
  where: string;
  params: (string | number)[];
}

/** Every card: no condition, so the plain statements (and their partial indexes) serve the session. */
export const EVERY_CARD: DeckScope = { where: '1', params: [] };

/**
 * Turns a deck into a condition on cards. Notes, folders and tags are plain
 * SQL. A concept's deck is the concept and its linked neighbours (links in
 * either direction, not deleted): the cards of each (concept-cards.ts: naming
 * it, or under the heading defining it), chosen once here and passed to the
 * statements as a JSON list of ids.
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
  // A deck imported from Anki: its cards, made or linked (anki_cards, migration 0018).
  if (deck.kind === 'anki') return { where: 'id IN (SELECT card_id FROM anki_cards WHERE deck_id = ?)', params: [deck.ankiDeckId] };
  const ids = new Set<string>();
  for (const cards of cardsOfConcepts(db, conceptAndNeighbours(db, deck.conceptId)).values()) for (const id of cards) ids.add(id);
  return { where: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify([...ids])] };
}
