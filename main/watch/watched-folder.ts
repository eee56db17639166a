import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { log } from '../log/logger.js';
import { ChangeBatch } from './change-batch.js';
import type { ChangeKind } from './change-batch.js';
import { watchFolder } from './folder-watcher.js';
import type { FolderWatcher } from './folder-watcher.js';

/** How long after the last change a folder is imported, and how long a stream of changes may put it off. */
export interface SyncTiming {
  /** Quiet time after the last change (an editor's save, a `git pull` writing hundreds of files). */
  quietMs: number;
  /** A folder that never falls quiet (a sync tool) is still imported this often. */
  maxWaitMs: number;
}

/** What a watched folder asks of the app: an import of some of its paths, and to be told what it became. */
export interface FolderHost {
  /** Imports the paths (one import at a time across the app); resolves when done. */
  sync(libraryId: number, paths: string[]): Promise<void>;
  /** The folder cannot be found (or is found again: `isMissing` false). */
  missing(libraryId: number, isMissing: boolean): void;
  /** Whether the library still has notes that are not removed (an empty mount point is then "missing", not "emptied"). */
  hasNotes(libraryId: number): boolean;
  /** Told when a run starts or ends, so the library can show "syncing". */
  running(libraryId: number, isRunning: boolean): void;
}

/**
 * Whether the folder is there to import from. An empty folder where notes
 * were is taken as missing too: that is what an unplugged drive's mount
 * point looks like, and importing it would mark every note removed.
 */
export function isFolderThere(root: string, hadNotes: boolean): boolean {
  try {
    if (!statSync(root).isDirectory()) return false;
    return !hadNotes || readdirSync(root).length > 0;
  } catch {
    return false;
  }
}

/** The nearest folder at or above `path`, not above `root`, that still exists: where a removal is looked for. */
function existingFolder(path: string, root: string): string {
  let dir = path;
  while (dir !== root && dir.startsWith(root + sep) && !existsSync(dir)) dir = dirname(dir);
  return dir.startsWith(root) ? dir : root;
}

/**
 * One imported folder under watch: changes are gathered into a batch and
 * imported after a quiet moment; one run at a time, and changes that arrive
 * during a run make one more run after it. While the folder is missing
 * nothing is imported (nothing is marked removed); it is looked for again by
 * {@link check}, and imported whole when it returns.
 */
export class WatchedFolder {
  private watcher: FolderWatcher | undefined;
  private readonly batch: ChangeBatch;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstChangeAt = 0;
  private run: Promise<void> | undefined;
  private isClosed = false;
  isMissing = false;

  constructor(
    readonly libraryId: number,
    readonly root: string,
    private readonly host: FolderHost,
    private readonly timing: SyncTiming,
    wasMissing: boolean,
  ) {
    this.batch = new ChangeBatch(root);
    this.isMissing = wasMissing;
  }

  /** Starts watching, and imports the whole folder once after `catchUpMs` (changes made while Lattice was closed). */
  start(catchUpMs: number | undefined): void {
    if (!isFolderThere(this.root, this.host.hasNotes(this.libraryId))) {
      this.goMissing();
      return;
    }
    if (this.isMissing) {
      this.isMissing = false;
      this.host.missing(this.libraryId, false);
      catchUpMs = 0;
    }
    this.open();
    if (catchUpMs !== undefined) this.change('folderAdded', this.root, catchUpMs);
  }

  /** Resolves once the watcher has walked the folder (tests write only after this). */
  ready(): Promise<void> {
    return this.watcher?.ready ?? Promise.resolve();
  }

  /** Whether a run is queued, waiting or going. */
  get isBusy(): boolean {
    return this.run !== undefined || this.timer !== undefined;
  }

  /** Resolves when nothing is waiting or running for this folder. */
  async settled(): Promise<void> {
    while (this.isBusy && !this.isClosed) {
      await (this.run ?? new Promise((resolve) => setTimeout(resolve, 20)));
    }
  }

  /** Looks whether a missing folder came back, or a watched one went: called every few seconds. */
  check(): void {
    if (this.isClosed) return;
    const isThere = isFolderThere(this.root, this.host.hasNotes(this.libraryId));
    if (this.isMissing && isThere) this.start(0);
    else if (!this.isMissing && !isThere) this.goMissing();
  }

  /** Stops watching and drops what was waiting; a run already going finishes (the app waits for its jobs before closing the store). */
  async close(): Promise<void> {
    this.isClosed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.shut();
  }

  private open(): void {
    if (this.watcher) return;
    // A folder of thousands of notes can exhaust the system's watches (ENOSPC on Linux) for every
    // file past the limit: said once per folder, not once per file.
    let hasWarned = false;
    this.watcher = watchFolder(
      this.root,
      (kind, path) => this.change(kind, path),
      (error) => {
        if (hasWarned) return;
        hasWarned = true;
        const hint =
          (error as NodeJS.ErrnoException).code === 'ENOSPC'
            ? ' (the system ran out of file watches: raise fs.inotify.max_user_watches)'
            : '';
        log.warn(`watching ${this.root} failed${hint}; changes there may be missed until it is imported again`, { err: error });
      },
    );
  }

  private async shut(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    await watcher?.close();
  }

  private goMissing(): void {
    if (!this.isMissing) {
      this.isMissing = true;
      this.host.missing(this.libraryId, true);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    // What was gathered is stale: the whole folder is imported when it returns.
    this.batch.take();
    void this.shut().catch((error: unknown) => log.debug(`closing the watcher of ${this.root} failed`, { err: error }));
  }

  private change(kind: ChangeKind, path: string, quietMs = this.timing.quietMs): void {
    if (this.isClosed || this.isMissing) return;
    this.batch.add(kind, path);
    const now = Date.now();
    if (this.timer === undefined) this.firstChangeAt = now;
    clearTimeout(this.timer);
    // Debounced, but a stream of changes that never pauses is still imported every maxWaitMs.
    const wait = Math.max(0, Math.min(quietMs, this.firstChangeAt + this.timing.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    // A run is going: what arrived stays in the batch, and one more run follows it.
    if (this.run || this.isClosed || this.batch.isEmpty) return;
    if (!isFolderThere(this.root, this.host.hasNotes(this.libraryId))) {
      this.goMissing();
      return;
    }
    const paths = this.batch.take().map((path) => existingFolderOrFile(path, this.root));
    log.debug(`re-importing ${this.batch.describe(paths)} in ${this.root}`);
    this.host.running(this.libraryId, true);
    this.run = this.host
      .sync(this.libraryId, [...new Set(paths)])
      .catch((error: unknown) => log.warn(`re-importing the watched folder ${this.root} failed`, { err: error }))
      .finally(() => {
        this.run = undefined;
        this.host.running(this.libraryId, false);
        if (!this.batch.isEmpty && !this.isClosed) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.flush();
          }, this.timing.quietMs);
        }
      });
  }
}

/** A written file that is gone again by the time its batch runs is looked for from its folder. */
function existingFolderOrFile(path: string, root: string): string {
  return existsSync(path) ? path : existingFolder(dirname(path), root);
}
