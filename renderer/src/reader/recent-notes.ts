import type { NoteView } from '../../../main/api/contract.js';

/**
 * The last few notes the reader showed, kept in memory so that going back to
 * one paints it at once. The reader still asks the store every time, naming
 * the version it has (its content hash): the store sends the HTML again only
 * for a note that changed (a re-import), so the copy here only ever saves the
 * wait, never shows a stale note for long.
 */

const LIMIT = 8;

export interface ShownNote {
  /** The note around its body; `detail.contentHash` names the version the HTML was rendered from. */
  detail: NoteView;
  /** The same HTML after DOMPurify: what the reader puts on the page (a long note's first screens). */
  html: string;
  /** The rest of a long note, not yet sanitized (see note-parts.ts). */
  rest: string[];
}

const shown = new Map<number, ShownNote>();

/** The note as last shown, if it is one of the last few. */
export function recentNote(id: number): ShownNote | undefined {
  return shown.get(id);
}

/** Remembers a note as shown, forgetting the least recently shown beyond the limit. */
export function rememberNote(id: number, note: ShownNote): void {
  shown.delete(id);
  shown.set(id, note);
  for (const oldest of shown.keys()) {
    if (shown.size <= LIMIT) break;
    shown.delete(oldest);
  }
}

/**
 * Whether a fresh answer from the store is what was shown: the same version of
 * the note (its content hash; the store then sends no HTML) and the same
 * detail around it (a rename changes the title, not the hash).
 */
export function isSameAsShown(before: ShownNote, detail: NoteView): boolean {
  return before.detail.contentHash === detail.contentHash && JSON.stringify(before.detail) === JSON.stringify(detail);
}
