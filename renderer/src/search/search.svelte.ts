import type { SearchHit, SearchHitKind } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

/** The order result groups are shown in. */
export const GROUP_ORDER: SearchHitKind[] = ['note', 'section', 'concept', 'annotation'];

const DEBOUNCE_MS = 120;

/**
 * The search box's state: results follow the text as it is typed. A query
 * waits until typing pauses; a newer query makes older ones stale, and a
 * stale answer is dropped when it arrives, so results never jump back to
 * what was typed before.
 */
export class SearchSession {
  #query = $state('');
  #hits = $state<SearchHit[]>([]);
  #isSearching = $state(false);
  #error = $state<string | null>(null);
  /** The note searched alone ("in this note"), or null for everything. */
  #noteId = $state<number | null>(null);
  /** The query the hits answer. */
  #answered = $state('');
  #sequence = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  get query(): string {
    return this.#query;
  }

  get hits(): SearchHit[] {
    return this.#hits;
  }

  get isSearching(): boolean {
    return this.#isSearching;
  }

  get error(): string | null {
    return this.#error;
  }

  get noteId(): number | null {
    return this.#noteId;
  }

  get answered(): string {
    return this.#answered;
  }

  /** Hits grouped by kind, in {@link GROUP_ORDER}; searching one note shows its places in reading order. */
  get groups(): { kind: SearchHitKind; hits: SearchHit[] }[] {
    return GROUP_ORDER.map((kind) => ({ kind, hits: this.#hits.filter((h) => h.kind === kind) })).filter((g) => g.hits.length > 0);
  }

  /** The hits in the order they are shown, for moving through them with the arrow keys. */
  get ordered(): SearchHit[] {
    return this.groups.flatMap((g) => g.hits);
  }

  set(query: string): void {
    this.#query = query;
    this.#schedule();
  }

  /** Searches one note (or, with null, everything) for the same text. */
  scope(noteId: number | null): void {
    if (noteId === this.#noteId) return;
    this.#noteId = noteId;
    this.#schedule(0);
  }

  #schedule(delay = DEBOUNCE_MS): void {
    clearTimeout(this.#timer);
    const sequence = ++this.#sequence;
    if (this.#query.trim() === '') {
      this.#hits = [];
      this.#answered = '';
      this.#isSearching = false;
      this.#error = null;
      return;
    }
    this.#isSearching = true;
    this.#timer = setTimeout(() => void this.#run(sequence), delay);
  }

  async #run(sequence: number): Promise<void> {
    const q = this.#query;
    const noteId = this.#noteId;
    try {
      const hits =
        noteId === null
          ? (
              await Promise.all([
                client.call('search.query', { q, limit: 12, kinds: ['note', 'section'] }),
                client.call('search.query', { q, limit: 8, kinds: ['concept', 'annotation'] }),
              ])
            ).flatMap((r) => r.hits)
          : (await client.call('search.query', { q, limit: 50, noteId })).hits;
      if (sequence !== this.#sequence) return;
      this.#hits = hits;
      this.#answered = q;
      this.#error = null;
    } catch (error) {
      if (sequence !== this.#sequence) return;
      this.#hits = [];
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      if (sequence === this.#sequence) this.#isSearching = false;
    }
  }
}
