import { openStore } from '../db/open-store.js';
import type { MediaFile } from '../db/repositories/media.js';
import type { Store } from '../db/open-store.js';
import { databasePath, starterNotesDir } from './app-paths.js';
import { createContext } from './api/context.js';
import type { AppContext, EmitEvent, Platform } from './api/context.js';
import { createCaller } from './api/dispatch.js';
import { createHandlerTable } from './api/handlers.js';
import type { HandlerTable } from './api/handler.js';
import { ensureStarterLibrary } from './api/library.js';
import { indexMentionsAsync } from './concepts/mentions.js';
import { isReadingCurrent, markReadingCurrent, rereadStoredNotes } from './import/reread-notes.js';
import { ensureExampleSheet } from './sheets/example-sheet.js';
import { log, useLogFile } from './log/logger.js';
import { isDerivationStale, markDerivationCurrentIfEmpty, rederiveIfStale } from './concepts/rederive.js';
import type { FolderWatchingOptions } from './watch/folder-watching.js';

export interface LatticeOptions {
  dataDir: string;
  emit?: EmitEvent;
  /** Capabilities only this transport has (the desktop app's folder dialog). */
  platform?: Platform;
  /** better-sqlite3 binary for the running runtime (Electron passes its own). */
  nativeBinding?: string;
  /** Load the starter library into a fresh data directory (default true). */
  withStarter?: boolean;
  starterDir?: string;
  /**
   * Watch imported folders and re-import them when their files change (the
   * desktop app and the browser host; never the one-shot CLI). Options set
   * the debounce and checks (tests).
   */
  watchFolders?: boolean | FolderWatchingOptions;
}

/** An open Lattice: the store, the one handler table, and a typed caller. */
export interface Lattice {
  store: Store;
  context: AppContext;
  table: HandlerTable;
  call: ReturnType<typeof createCaller>;
  /** Resolves when background jobs (the concept index after an import) are done; wait for it before close(). */
  idle(): Promise<void>;
  /**
   * Renders one stored note for the reader and throws the result away, so the
   * first note a person opens does not pay for running the whole path cold
   * (the argument schema, the statements, front matter, the Markdown
   * pipeline: ~20 ms for the first note, ~5 ms after). For idle moments;
   * best effort, so it never fails.
   */
  warmUp(): Promise<void>;
  /** Stops watching folders, letting go of every handle; an import already running finishes (wait for idle() after). */
  stopWatching(): Promise<void>;
  /** A stored picture by hash, for the transports' /media/ route (undefined once the store is closed). */
  getMedia(hash: string): MediaFile | undefined;
  /** Closes the store (and stops watching folders, if stopWatching() was not awaited first). */
  close(): void;
}

/** Opens the data directory and assembles the handler table every transport uses. */
export function openLattice(options: LatticeOptions): Lattice {
  // From here on this process's log also goes to the data directory, where a person can find it and send it.
  useLogFile(options.dataDir);
  const store = openStore(databasePath(options.dataDir), options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const watching = typeof options.watchFolders === 'object' ? options.watchFolders : {};
  const context = createContext(store, options.dataDir, options.emit, options.platform, watching);
  const hadNotes = context.notes.anyId() !== undefined;
  markDerivationCurrentIfEmpty(store);
  if (options.withStarter !== false) {
    ensureStarterLibrary(context, options.starterDir ?? starterNotesDir());
    ensureExampleSheet(context);
  }
  // Notes stored by an older Lattice were read with older rules: read them
  // again from their stored source in the background. A store that had no
  // notes holds only what was just read with the current rules.
  // Concepts derived by older rules are derived again after that, from what
  // the store then holds (rederive.ts); the same job, so they run in order.
  if (!hadNotes) markReadingCurrent(context.settings);
  const isReadingStale = !isReadingCurrent(context.settings);
  if (isReadingStale || isDerivationStale(store)) {
    context.jobs
      .run(async () => {
        if (isReadingStale) await rereadStoredNotes(store, context.settings);
        if (store.db.open) await rederiveIfStale(store);
      })
      .catch((error: unknown) => {
        // The notes keep what they had; the next launch tries again.
        log.error('bringing stored notes up to date failed', { err: error });
      });
  }
  // Notes written by an import that stopped before their concept mentions
  // were found (a crash, a kill): found now, after any reread above.
  // Asked inside the job: a reread queued above finds most of them itself.
  context.jobs
    .run(async () => {
      const owed = store.db.open ? store.repositories.concepts.owedMentions() : [];
      if (owed.length > 0) await indexMentionsAsync(store, owed);
    })
    .catch((error: unknown) => log.error('finding the concept mentions an interrupted import owed failed', { err: error }));
  const table = createHandlerTable(context);
  const call = createCaller(table);
  const warmUp = async (): Promise<void> => {
    try {
      const id = context.notes.anyId();
      if (id !== undefined) await call('notes.open', { id });
    } catch (error) {
      // Best effort: the store may already be closed (a host stopped at once); the first real note just renders cold.
      log.debug('warming up the reader failed', { err: error });
    }
  };
  if (options.watchFolders) context.folders.start();
  const stopWatching = (): Promise<void> => context.folders.stop();
  const close = (): void => {
    void stopWatching().catch((error: unknown) => log.debug('closing the folder watchers failed', { err: error }));
    store.close();
  };
  const media = store.repositories.media;
  const getMedia = (hash: string): MediaFile | undefined => (store.db.open ? media.getMedia(hash) : undefined);
  return { store, context, table, call, idle: () => context.jobs.idle(), warmUp, getMedia, stopWatching, close };
}
