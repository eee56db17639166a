import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Store } from '../../db/open-store.js';
import type { Library, LibraryRepository } from '../../db/repositories/libraries.js';
import type { ApiEventName, ApiEvents } from '../api/contract.js';
import type { JobQueue } from '../api/jobs.js';
import { uploadsFolder } from '../api/uploads.js';
import { indexMentionsAsync } from '../concepts/mentions.js';
import { importPathsAsync } from '../import/import-notes.js';
import type { ImportReport } from '../import/import-notes.js';
import { log } from '../log/logger.js';
import { WatchedFolder } from './watched-folder.js';
import type { SyncTiming } from './watched-folder.js';

export interface FolderWatchingOptions extends Partial<SyncTiming> {
  /** How often missing folders are looked for, and watched ones checked still there (default 2 s). */
  checkEveryMs?: number;
  /** How long after start() each folder is imported whole once, for what changed while Lattice was closed (default 2 s: after the first note is painted). */
  catchUpMs?: number;
}

interface WatchingDeps {
  store: Store;
  libraries: LibraryRepository;
  jobs: JobQueue;
  emit: <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;
  dataDir: string;
}

/** Why a library cannot be watched, or undefined if it can. */
export type UnwatchableReason = 'uploaded' | 'starter';

/**
 * Keeps every watched library in step with its folder on disk while the app
 * (desktop or browser host) is open: each is re-imported through the one
 * importer when its files change. The command line never starts it.
 */
export class FolderWatching {
  private readonly folders = new Map<number, WatchedFolder>();
  private readonly syncing = new Set<number>();
  private checkTimer: ReturnType<typeof setInterval> | undefined;
  private isStarted = false;
  private readonly timing: SyncTiming;
  private uploads: string | undefined;

  constructor(
    private readonly deps: WatchingDeps,
    private readonly options: FolderWatchingOptions = {},
  ) {
    this.timing = { quietMs: options.quietMs ?? 600, maxWaitMs: options.maxWaitMs ?? 3000 };
  }

  /**
   * Folders uploaded through a browser are copies under the data directory
   * (api/uploads.ts): nothing the person edits, so nothing to watch. The
   * starter library is Lattice's own.
   */
  unwatchable(library: Library): UnwatchableReason | undefined {
    if (library.kind === 'starter') return 'starter';
    return library.rootPath.startsWith(this.uploadsFolder() + sep) ? 'uploaded' : undefined;
  }

  /** Where uploads are kept, as the importer names roots: its real path (a data directory under a symlinked /tmp, as on macOS). */
  private uploadsFolder(): string {
    if (this.uploads !== undefined) return this.uploads;
    const folder = resolve(uploadsFolder(this.deps.dataDir));
    try {
      this.uploads = realpathSync(folder);
      return this.uploads;
    } catch {
      // Nothing uploaded yet: no library can be in it.
      return folder;
    }
  }

  /** Whether an import of this folder is waiting or running now. */
  isSyncing(libraryId: number): boolean {
    return this.syncing.has(libraryId) || this.folders.get(libraryId)?.isBusy === true;
  }

  /** Starts watching every library that is to be watched; looks for missing folders every few seconds. */
  start(): void {
    if (this.isStarted) return;
    this.isStarted = true;
    this.reconcile(undefined, this.options.catchUpMs ?? 2000);
    this.checkTimer = setInterval(() => {
      for (const folder of this.folders.values()) folder.check();
    }, this.options.checkEveryMs ?? 2000);
    // Never the reason the process stays up.
    this.checkTimer.unref();
  }

  /**
   * Brings the watchers in line with the store: a library imported since
   * (here or by `lattice import` in another process), watching turned on or
   * off. Cheap; called after imports and whenever the library list is read.
   * A folder watched from now on is imported whole after `catchUpMs` (watching
   * turned back on: it changed meanwhile); by default not (it was just imported).
   */
  reconcile(list: Library[] = this.deps.libraries.list(), catchUpMs?: number): void {
    if (!this.isStarted) return;
    const wanted = new Map(list.filter((l) => l.isWatched && this.unwatchable(l) === undefined).map((l) => [l.id, l]));
    for (const [id, folder] of this.folders) {
      if (wanted.get(id)?.rootPath === folder.root) continue;
      this.folders.delete(id);
      void folder.close();
    }
    for (const library of wanted.values()) {
      if (this.folders.has(library.id)) continue;
      const folder = new WatchedFolder(library.id, library.rootPath, this.host, this.timing, library.missingSince !== null);
      this.folders.set(library.id, folder);
      folder.start(catchUpMs);
    }
  }

  /** Resolves once every watcher has walked its folder. */
  async ready(): Promise<void> {
    await Promise.all([...this.folders.values()].map((f) => f.ready()));
  }

  /** Resolves when no import of a watched folder is waiting or running. */
  async settled(): Promise<void> {
    await Promise.all([...this.folders.values()].map((f) => f.settled()));
  }

  /** Stops every watcher and timer (no handle is left open); an import already running finishes. */
  async stop(): Promise<void> {
    this.isStarted = false;
    clearInterval(this.checkTimer);
    this.checkTimer = undefined;
    const closing = [...this.folders.values()].map((f) => f.close());
    this.folders.clear();
    await Promise.all(closing);
  }

  /** Records what an import of a library did: the library screen's "last synced" line. */
  recordImport(libraryId: number, report: ImportReport): void {
    this.deps.libraries.recordSync(
      libraryId,
      { added: report.added, changed: report.updated, removed: report.removed },
      new Date().toISOString(),
    );
  }

  /** The folder's files that could not be read, with why and when, as one string to compare. */
  private unreadOf(libraryId: number): string {
    return JSON.stringify(this.deps.store.repositories.unreadFiles.inLibrary(libraryId));
  }

  private readonly host = {
    sync: (libraryId: number, paths: string[]): Promise<void> =>
      this.deps.jobs.run(async () => {
        if (!this.deps.store.db.open) return;
        const written: number[] = [];
        const unreadBefore = this.unreadOf(libraryId);
        let report: ImportReport;
        try {
          report = await importPathsAsync(this.deps.store, paths, {
            deferMentions: (ids) => {
              written.push(...ids);
              void this.deps.jobs.run(() => indexMentionsAsync(this.deps.store, ids));
            },
          });
        } catch (error) {
          // The library must not keep saying "syncing"; the next change tries again.
          this.deps.emit('library.synced', { libraryId, state: 'synced', noteIds: written, removed: 0 });
          throw error;
        }
        if (!this.deps.store.db.open) return;
        for (const failure of report.failed) log.info(`a watched file could not be imported: ${failure.path}: ${failure.error}`);
        this.recordImport(libraryId, report);
        const isUnreadChanged = this.unreadOf(libraryId) !== unreadBefore;
        this.deps.emit('library.synced', { libraryId, state: 'synced', noteIds: written, removed: report.removed, isUnreadChanged });
      }),
    missing: (libraryId: number, isMissing: boolean): void => {
      if (!this.deps.store.db.open) return;
      this.deps.libraries.setMissing(libraryId, isMissing ? new Date().toISOString() : null);
      log.info(`the watched folder of library ${libraryId} is ${isMissing ? 'missing; its notes are kept' : 'back'}`);
      this.deps.emit('library.synced', { libraryId, state: isMissing ? 'missing' : 'found', noteIds: [], removed: 0 });
    },
    hasNotes: (libraryId: number): boolean => this.deps.store.db.open && (this.deps.libraries.get(libraryId)?.noteCount ?? 0) > 0,
    running: (libraryId: number, isRunning: boolean): void => {
      if (isRunning) this.syncing.add(libraryId);
      else this.syncing.delete(libraryId);
      if (isRunning) this.deps.emit('library.synced', { libraryId, state: 'syncing', noteIds: [], removed: 0 });
    },
  };
}
