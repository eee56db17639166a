import type { LibrarySummary, NoteSummary } from '../../../main/api/contract.js';
import { client } from '../api/client.js';

/** The notes and libraries the sidebar, library screen and reader share. */
class LibraryState {
  // Raw: the lists are replaced whole, never edited in place, and a deep
  // proxy around 10,000 note summaries costs memory and time for nothing.
  #notes = $state.raw<NoteSummary[]>([]);
  #libraries = $state.raw<LibrarySummary[]>([]);
  #error = $state<string | null>(null);
  #isLoaded = $state(false);

  get notes(): NoteSummary[] {
    return this.#notes;
  }
  get libraries(): LibrarySummary[] {
    return this.#libraries;
  }
  get error(): string | null {
    return this.#error;
  }
  get isLoaded(): boolean {
    return this.#isLoaded;
  }

  /** Loads (or reloads, after an import) the note list. */
  async refresh(): Promise<void> {
    try {
      const [libraries, notes] = await Promise.all([client.call('library.list', {}), client.call('notes.list', {})]);
      this.#libraries = libraries;
      this.#notes = notes;
      this.#error = null;
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error);
    } finally {
      this.#isLoaded = true;
    }
  }

  /**
   * Keeps the lists in step with watched folders: a folder's state (syncing,
   * missing) reloads the libraries, a finished sync the notes too. Events
   * close together are read once. Returns the function that stops following.
   */
  followSyncs(): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let isNotesStale = false;
    const stop = client.on('library.synced', ({ state }) => {
      isNotesStale ||= state === 'synced';
      clearTimeout(timer);
      timer = setTimeout(() => {
        const withNotes = isNotesStale;
        isNotesStale = false;
        void (withNotes ? this.refresh() : this.refreshLibraries());
      }, 100);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }

  /** Reloads the folders alone (their sync state), not the notes. */
  async refreshLibraries(): Promise<void> {
    try {
      this.#libraries = await client.call('library.list', {});
    } catch {
      // The library screen keeps what it showed; the next event or refresh tries again.
    }
  }

  /** The note before or after `id` in library order, for [ and ]. */
  neighbour(id: number, step: 1 | -1): NoteSummary | undefined {
    const index = this.#notes.findIndex((n) => n.id === id);
    return index === -1 ? undefined : this.#notes[index + step];
  }
}

export const library = new LibraryState();
