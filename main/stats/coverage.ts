import type { CardStanding, CardWords, NoteDeckInfo } from '../../db/repositories/progress.js';
import type { DrillDeck, ProgressCoverage, ProgressWeakCard } from '../api/contract.js';

/** A studied card with its predicted recall now. */
export interface CardRecall {
  card: CardStanding;
  recall: number;
}

function tally(deck: DrillDeck, label: string): ProgressCoverage {
  return { deck, label, cards: 0, reviewed: 0, aboveTarget: 0 };
}

function count(into: ProgressCoverage, { card, recall }: CardRecall, target: number): void {
  into.cards += 1;
  if (card.lastReview !== null) into.reviewed += 1;
  if (recall >= target) into.aboveTarget += 1;
}

/** Least covered first (reviewed, then above target, as shares), ties by name. */
function byNeed(a: ProgressCoverage, b: ProgressCoverage): number {
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  return (
    share(a.reviewed, a.cards) - share(b.reviewed, b.cards) ||
    share(a.aboveTarget, a.cards) - share(b.aboveTarget, b.cards) ||
    a.label.localeCompare(b.label)
  );
}

/**
 * Coverage of every deck in one pass over the cards: for everything, each
 * folder, each tag and each note, how many of its questions have been
 * reviewed at least once and how many are at or above the desired
 * retention now. A tag counts a note's cards once however often the note
 * lists it (tags compare without case, as decks do).
 */
export function coverageOf(
  cards: readonly CardRecall[],
  notes: ReadonlyMap<number, NoteDeckInfo>,
  target: number,
): { all: ProgressCoverage; folders: ProgressCoverage[]; tags: ProgressCoverage[]; notes: ProgressCoverage[] } {
  const all = tally({ kind: 'all' }, '');
  const folders = new Map<number, ProgressCoverage>();
  const tags = new Map<string, ProgressCoverage>();
  const byNote = new Map<number, ProgressCoverage>();
  // Each note's tags once, compared without case: worked out per note, not per card.
  const tagKeys = new Map<number, [string, string][]>();
  for (const note of notes.values()) {
    const seen = new Map<string, string>();
    for (const name of note.tags) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
    tagKeys.set(note.id, [...seen]);
  }
  for (const entry of cards) {
    const note = notes.get(entry.card.noteId);
    if (!note) continue;
    count(all, entry, target);
    let folder = folders.get(note.libraryId);
    if (!folder) folders.set(note.libraryId, (folder = tally({ kind: 'library', libraryId: note.libraryId }, note.libraryName)));
    count(folder, entry, target);
    let own = byNote.get(note.id);
    if (!own) byNote.set(note.id, (own = tally({ kind: 'note', noteId: note.id }, note.title)));
    count(own, entry, target);
    for (const [key, name] of tagKeys.get(note.id) ?? []) {
      let tag = tags.get(key);
      if (!tag) tags.set(key, (tag = tally({ kind: 'tag', tag: name }, name)));
      count(tag, entry, target);
    }
  }
  return {
    all,
    folders: [...folders.values()].sort(byNeed),
    tags: [...tags.values()].sort(byNeed),
    notes: [...byNote.values()].sort(byNeed),
  };
}

/** How many cards the list of weakest cards holds. */
export const WEAKEST_COUNT = 20;

/**
 * The weakest cards among those reviewed at least once (a card never
 * reviewed is not weak, only not begun): the lowest predicted recall now
 * first, then the most lapses, then the card id (a stable order).
 */
export function weakestOf(cards: readonly CardRecall[], count = WEAKEST_COUNT): CardRecall[] {
  const isWeaker = (a: CardRecall, b: CardRecall): boolean =>
    a.recall < b.recall ||
    (a.recall === b.recall && (a.card.lapses > b.card.lapses || (a.card.lapses === b.card.lapses && a.card.id < b.card.id)));
  // The `count` weakest kept in order as the cards go by: one pass, no sort of every card.
  const weakest: CardRecall[] = [];
  for (const entry of cards) {
    if (entry.card.lastReview === null) continue;
    if (weakest.length === count && !isWeaker(entry, weakest[count - 1]!)) continue;
    let at = weakest.length;
    while (at > 0 && isWeaker(entry, weakest[at - 1]!)) at--;
    weakest.splice(at, 0, entry);
    if (weakest.length > count) weakest.pop();
  }
  return weakest;
}

/** The weakest cards with their words and notes, in the same order. */
export function weakCards(
  weakest: readonly CardRecall[],
  words: readonly CardWords[],
  notes: ReadonlyMap<number, NoteDeckInfo>,
): ProgressWeakCard[] {
  const wordsOf = new Map(words.map((entry) => [entry.id, entry]));
  return weakest.map(({ card, recall }) => {
    const note = notes.get(card.noteId);
    const said = wordsOf.get(card.id);
    return {
      cardId: card.id,
      question: said?.question ?? '',
      context: said?.context ?? '',
      note: note ? { id: note.id, title: note.title } : null,
      recall,
      lapses: card.lapses,
      reps: card.reps,
    };
  });
}
