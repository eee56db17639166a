import type { SearchHit, SearchHitKind } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

/** The order result groups are shown in. */
export const GROUP_ORDER: SearchHitKind[] = ['note', 'section', 'concept', 'annotation'];

const DEBOUNCE_MS = 120;

/** Notes and sections asked for at once: a note can list several places, so more than fit one screen. */
const NOTE_HITS_LIMIT = 30;

/** Hits with each note's together, notes in the order they first appear. */
function byNote(hits: SearchHit[]): SearchHit[] {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a working table inside one call, never state
  const runs = new Map<number | null, SearchHit[]>();
  for (const hit of hits) {
    const run = runs.get(hit.noteId);
    if (run) run.push(hit);
    else runs.set(hit.noteId, [hit]);
  }
  return [...runs.values()].flat();
}

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

  /**
   * Hits grouped by kind, in {@link GROUP_ORDER} — concepts first when one is
   * named by the query itself. Sections come together under their note (notes
   * in the order their best place ranks, places as the API lists them: in
   * reading order); searching one note shows its places in reading order.
   */
  get groups(): { kind: SearchHitKind; hits: SearchHit[] }[] {
    const order = this.#hits.some((h) => h.isExactName) ? ['concept' as const, ...GROUP_ORDER.filter((k) => k !== 'concept')] : GROUP_ORDER;
    return order
      .map((kind) => ({ kind, hits: this.#hits.filter((h) => h.kind === kind) }))
      .map((group) => (group.kind === 'section' ? { kind: group.kind, hits: byNote(group.hits) } : group))
      .filter((g) => g.hits.length > 0);
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
                client.call('search.query', { q, limit: NOTE_HITS_LIMIT, kinds: ['note', 'section'] }),
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
