import type { Database } from 'better-sqlite3';
import { repositoriesOf } from '../../db/store-repositories.js';
import type { DrillDeckSummary } from '../api/contract.js';

/**
 * The deck list with the decks imported from Anki after the others. Their
 * cards have no note, so the per-note counts behind "everything" leave them
 * out: the ones made from Anki (not those linked to a note's card, already
 * counted with their note) are added to it here.
 */
export function withAnkiDecks(db: Database, summaries: DrillDeckSummary[], dayEnd: string, now: string): DrillDeckSummary[] {
  const repository = repositoriesOf(db).anki;
  const counts = repository.sessionCounts(dayEnd, now);
  if (counts.length === 0) return summaries;
  const own = repository.madeCounts(dayEnd, now);
  const decks = summaries.map((summary) =>
    summary.deck.kind === 'all' ? { ...summary, cards: summary.cards + own.cards, due: summary.due + own.due } : summary,
  );
  return [
    ...decks,
    ...counts.map((deck): DrillDeckSummary => ({
      deck: { kind: 'anki', ankiDeckId: deck.id },
      label: deck.name,
      cards: deck.cards,
      due: deck.due,
    })),
  ];
}
