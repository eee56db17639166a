import type { Database } from 'better-sqlite3';
import { repositoriesOf } from '../../db/store-repositories.js';
import type { AnkiRepository } from '../../db/repositories/anki.js';

const repositories = new WeakMap<Database, AnkiRepository>();

/**
 * What a card imported from Anki shows: its sanitized field HTML (a card
 * with a note shows its note, so this is asked only for cards without one).
 * One repository per store, so a review session prepares its statements once.
 */
export function importedFaces(db: Database, cardId: string): { questionHtml: string; answerHtml: string } | null {
  const row = repositoryOf(db).faces(cardId);
  return row ? { questionHtml: row.questionHtml, answerHtml: row.answerHtml } : null;
}

function repositoryOf(db: Database): AnkiRepository {
  let repository = repositories.get(db);
  if (!repository) {
    repository = repositoriesOf(db).anki;
    repositories.set(db, repository);
  }
  return repository;
}

/** An imported deck's name, as the deck list words it ('' when it is gone). */
export function ankiDeckName(db: Database, deckId: number): string {
  return repositoryOf(db).deckName(deckId) ?? '';
}
