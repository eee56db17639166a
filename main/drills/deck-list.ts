import type { DrillDeckSummary } from '../api/contract.js';

interface NoteCounts {
  noteId: number;
  cards: number;
  due: number;
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
 * how many cards it holds and how many are due today. Decks with no card are
 * left out, and within a kind the decks with most due come first.
 */
export function deckSummaries(counts: NoteCounts[], notes: DeckNote[], libraries: DeckLibrary[]): DrillDeckSummary[] {
  const noteById = new Map(notes.map((note) => [note.id, note]));
  const all: DrillDeckSummary = { deck: { kind: 'all' }, label: '', cards: 0, due: 0 };
  const byLibrary = new Map<number, DrillDeckSummary>();
  const byTag = new Map<string, DrillDeckSummary>();
  const byNote: DrillDeckSummary[] = [];
  const add = (summary: DrillDeckSummary, count: NoteCounts) => {
    summary.cards += count.cards;
    summary.due += count.due;
  };
  for (const count of counts) {
    const note = noteById.get(count.noteId);
    if (!note) continue; // a removed note's cards are orphans, in no session
    add(all, count);
    const library = libraries.find((candidate) => candidate.id === note.libraryId);
    if (library) {
      if (!byLibrary.has(library.id))
        byLibrary.set(library.id, { deck: { kind: 'library', libraryId: library.id }, label: library.name, cards: 0, due: 0 });
      add(byLibrary.get(library.id)!, count);
    }
    for (const tag of new Set(note.tags.map((t) => t.toLowerCase()))) {
      const shown = note.tags.find((t) => t.toLowerCase() === tag)!;
      if (!byTag.has(tag)) byTag.set(tag, { deck: { kind: 'tag', tag: shown }, label: shown, cards: 0, due: 0 });
      add(byTag.get(tag)!, count);
    }
    byNote.push({ deck: { kind: 'note', noteId: note.id }, label: note.title, cards: count.cards, due: count.due });
  }
  const mostDue = (a: DrillDeckSummary, b: DrillDeckSummary) => b.due - a.due || a.label.localeCompare(b.label);
  return [all, ...[...byLibrary.values()].sort(mostDue), ...[...byTag.values()].sort(mostDue), ...byNote.sort(mostDue)];
}
