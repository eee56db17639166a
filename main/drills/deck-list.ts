import type { NoteCardCounts } from '../../db/repositories/cards.js';
import type { DrillDeck, DrillDeckSummary } from '../api/contract.js';

/** What the day's limits still allow: reviews and new cards (learning steps have no limit). */
export interface LeftToday {
  reviews: number;
  newCards: number;
}

/** A deck's counts while they are summed, before the day's limits cut them. */
interface DeckCounts {
  deck: DrillDeck;
  label: string;
  cards: number;
  learning: number;
  review: number;
  new: number;
}

interface DeckNote {
  id: number;
  libraryId: number;
  title: string;
  tags: string[];
}

interface DeckLibrary {
  id: number;
  name: string;
}

/**
 * The decks a person can study, from one count of cards per note: everything
 * first, then each folder, each tag and each note that has cards, each with
 * how many cards it holds and how many a session of it has left today — its
 * learning steps, and its reviews and new cards as far as the day's limits
 * allow (`left`), as the session itself and the top bar count them. Decks
 * with no card are left out, and within a kind the decks with most left come
 * first.
 */
export function deckSummaries(counts: NoteCardCounts[], notes: DeckNote[], libraries: DeckLibrary[], left: LeftToday): DrillDeckSummary[] {
  const noteById = new Map(notes.map((note) => [note.id, note]));
  const deckOf = (deck: DrillDeck, label: string): DeckCounts => ({ deck, label, cards: 0, learning: 0, review: 0, new: 0 });
  const all = deckOf({ kind: 'all' }, '');
  const byLibrary = new Map<number, DeckCounts>();
  const byTag = new Map<string, DeckCounts>();
  const byNote: DeckCounts[] = [];
  const add = (deck: DeckCounts, count: NoteCardCounts) => {
    deck.cards += count.cards;
    deck.learning += count.learning;
    deck.review += count.review;
    deck.new += count.new;
  };
  for (const count of counts) {
    const note = noteById.get(count.noteId);
    if (!note) continue; // a removed note's cards are orphans, in no session
    add(all, count);
    const library = libraries.find((candidate) => candidate.id === note.libraryId);
    if (library) {
      if (!byLibrary.has(library.id)) byLibrary.set(library.id, deckOf({ kind: 'library', libraryId: library.id }, library.name));
      add(byLibrary.get(library.id)!, count);
    }
    for (const tag of new Set(note.tags.map((t) => t.toLowerCase()))) {
      const shown = note.tags.find((t) => t.toLowerCase() === tag)!;
      if (!byTag.has(tag)) byTag.set(tag, deckOf({ kind: 'tag', tag: shown }, shown));
      add(byTag.get(tag)!, count);
    }
    const own = deckOf({ kind: 'note', noteId: note.id }, note.title);
    add(own, count);
    byNote.push(own);
  }
  const summarized = (decks: Iterable<DeckCounts>): DrillDeckSummary[] =>
    [...decks]
      .map(({ deck, label, cards, learning, review, new: fresh }) => ({
        deck,
        label,
        cards,
        due: learning + Math.min(review, left.reviews) + Math.min(fresh, left.newCards),
      }))
      .sort((a, b) => b.due - a.due || a.label.localeCompare(b.label));
  return [...summarized([all]), ...summarized(byLibrary.values()), ...summarized(byTag.values()), ...summarized(byNote)];
}
