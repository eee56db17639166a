import type { Store } from '../../db/open-store.js';
import { sourceAnswerPreview } from '../drills/note-cards.js';

/**
 * Marks every note of a library removed, once the person confirmed its
 * missing folder is gone for good: what an import does for a file that left
 * its folder (the note is kept with its annotations; its cards leave the
 * sessions with their history), for all of them, in one transaction.
 * Returns how many notes were marked.
 */
export function markFolderNotesRemoved(store: Store, libraryId: number, now: string): number {
  const notes = store.repositories.notes;
  const cards = store.repositories.cards;
  const unreadFiles = store.repositories.unreadFiles;
  return store.transaction(() => {
    let removed = 0;
    for (const version of notes.versionsIn(libraryId).values()) {
      if (version.isRemoved) continue;
      notes.markRemoved(version.id, now);
      cards.orphanNote(version.id, now, sourceAnswerPreview);
      removed++;
    }
    // Its files are gone with it: none is owed a reading any more.
    for (const file of unreadFiles.inLibrary(libraryId)) unreadFiles.clear(libraryId, file.path);
    return removed;
  });
}
