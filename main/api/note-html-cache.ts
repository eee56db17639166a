/**
 * The reader's HTML of the last notes opened, so that opening a note again
 * does not run the Markdown pipeline again while the stored note has not
 * changed. An entry names the version it was rendered from (content hash and
 * a render key: the path, since a relative link or image resolves against it,
 * and the pictures it shows, which a later import may find without the note
 * changing), so a re-imported, moved or newly illustrated note misses and is
 * rendered afresh. Bounded by the characters it
 * holds, least recently opened first out; a note larger than the whole budget
 * is not kept.
 */

/** About 32 MB of UTF-16: a few hundred ordinary notes, or a handful of very long ones. */
export const NOTE_HTML_BUDGET = 16_000_000;

interface Entry {
  contentHash: string;
  renderKey: string;
  html: string;
}

export class NoteHtmlCache {
  readonly #entries = new Map<number, Entry>();
  #size = 0;

  constructor(private readonly budget = NOTE_HTML_BUDGET) {}

  /** The HTML of this version of the note, if it was rendered since and kept. */
  get(noteId: number, contentHash: string, renderKey: string): string | undefined {
    const entry = this.#entries.get(noteId);
    if (!entry) return undefined;
    if (entry.contentHash !== contentHash || entry.renderKey !== renderKey) {
      this.#drop(noteId, entry);
      return undefined;
    }
    // Most recently opened last: the Map's order is the eviction order.
    this.#entries.delete(noteId);
    this.#entries.set(noteId, entry);
    return entry.html;
  }

  /** Keeps a note's HTML, dropping the least recently opened notes beyond the budget. */
  set(noteId: number, contentHash: string, renderKey: string, html: string): void {
    const old = this.#entries.get(noteId);
    if (old) this.#drop(noteId, old);
    if (html.length > this.budget) return;
    this.#entries.set(noteId, { contentHash, renderKey, html });
    this.#size += html.length;
    for (const [id, entry] of this.#entries) {
      if (this.#size <= this.budget) break;
      this.#drop(id, entry);
    }
  }

  /** Characters held, for tests. */
  get size(): number {
    return this.#size;
  }

  #drop(noteId: number, entry: Entry): void {
    this.#entries.delete(noteId);
    this.#size -= entry.html.length;
  }
}
