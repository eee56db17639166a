import type { ConceptSummary } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

/** How a typed query matches a concept: the name first, then an alias; starting with it before containing it. */
function rank(concept: ConceptSummary, query: string): number {
  const name = concept.name.toLowerCase();
  if (name === query) return 0;
  if (concept.aliases.some((a) => a.toLowerCase() === query)) return 1;
  if (name.startsWith(query)) return 2;
  if (concept.aliases.some((a) => a.toLowerCase().startsWith(query))) return 3;
  if (name.includes(query)) return 4;
  if (concept.aliases.some((a) => a.toLowerCase().includes(query))) return 5;
  return -1;
}

/**
 * Every concept's name, aliases and counts, shared by the concept index, the
 * pickers and the selection actions. Loaded once, refreshed after an edit.
 */
class ConceptIndexState {
  #items = $state<ConceptSummary[]>([]);
  #error = $state<string | null>(null);
  #isLoaded = $state(false);
  #version = $state(0);
  #loading: Promise<void> | undefined;

  get items(): ConceptSummary[] {
    return this.#items;
  }
  get error(): string | null {
    return this.#error;
  }
  get isLoaded(): boolean {
    return this.#isLoaded;
  }
  /** Goes up after every refresh: names may have changed, so views that link names reload. */
  get version(): number {
    return this.#version;
  }

  /** Loads the list unless it is loaded (or loading) already. */
  ensure(): Promise<void> {
    this.#loading ??= this.refresh();
    return this.#loading;
  }

  async refresh(): Promise<void> {
    try {
      this.#items = await client.call('concepts.list', {});
      this.#error = null;
      this.#version++;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#isLoaded = true;
    }
  }

  /** Concepts whose name or alias contains `query`, best matches first; all of them (by name) for an empty query. */
  search(query: string, limit = Infinity): ConceptSummary[] {
    const q = query.trim().toLowerCase();
    if (!q) return this.#items.slice(0, limit);
    return this.#items
      .map((concept) => ({ concept, score: rank(concept, q) }))
      .filter((r) => r.score >= 0)
      .sort((a, b) => a.score - b.score || a.concept.name.length - b.concept.name.length)
      .slice(0, limit)
      .map((r) => r.concept);
  }

  /** The concept a name or alias names exactly (case-insensitive), if any. */
  named(term: string): ConceptSummary | undefined {
    const q = term.trim().toLowerCase();
    return this.#items.find((c) => c.name.toLowerCase() === q || c.aliases.some((a) => a.toLowerCase() === q));
  }
}

export const conceptIndex = new ConceptIndexState();
