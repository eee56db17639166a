import type { MediaRepository, MissingImage } from '../../db/repositories/media.js';
import type { FolderImages } from './folder-images.js';

/**
 * Pictures a library's notes showed as missing, looked for again when the
 * folder is imported again, though the notes themselves did not change: a
 * `git pull` or a sync tool may bring a note before the picture it shows.
 * Read once per import of the folder (one query over the missing ones only).
 */
export class MissingImages {
  private readonly byNote = new Map<number, MissingImage[]>();

  constructor(
    private readonly media: MediaRepository,
    libraryId: number,
  ) {
    for (const image of media.missingImages(libraryId)) {
      const list = this.byNote.get(image.noteId) ?? [];
      list.push(image);
      this.byNote.set(image.noteId, list);
    }
  }

  /** Looks for an unchanged note's missing pictures again; records those found now (or refused now, with why). */
  lookAgain(noteId: number, notePath: string, folder: () => FolderImages): void {
    const missing = this.byNote.get(noteId);
    if (!missing) return;
    const found = folder()
      .resolve(notePath, missing)
      .filter((image) => image.problem !== 'missing');
    for (const image of found) this.media.updateNoteImage(noteId, image.ref, image.hash, image.problem);
  }
}
