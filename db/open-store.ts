import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './migrate.js';
import { registerSearchFunctions } from './search-text.js';
import { repositoriesOf } from './store-repositories.js';
import type { StoreRepositories } from './store-repositories.js';

/** An open Lattice database. Only db/ repositories run SQL against it. */
export interface Store {
  readonly db: Database;
  readonly path: string;
  /** Its repositories, one set for the store's life (each made on first use). */
  readonly repositories: StoreRepositories;
  /**
   * Runs `work` as one transaction (a savepoint inside another): how code in
   * main/ makes several repository calls one change (docs/architecture.md).
   */
  transaction<T>(work: () => T): T;
  close(): void;
}

export interface OpenStoreOptions {
  /**
   * Path to a better-sqlite3 binary built for the running runtime. Electron
   * passes its own build here so the Node build in node_modules (used by the
   * CLI, the browser host and the tests) is never replaced.
   */
  nativeBinding?: string;
}

/** `store.transaction` for code handed only the database (the drill scheduler). */
export function runInTransaction<T>(db: Database, work: () => T): T {
  return db.transaction(work)();
}

/**
 * Opens (creating if needed) the store at `path` (or ':memory:') and migrates it.
 *
 * - WAL: readers (search, the reader) never wait for an import's writes.
 * - synchronous=NORMAL: with WAL this cannot corrupt the database; a power cut
 *   may lose the last transactions, which a re-import restores. FULL would fsync
 *   every commit and slow bulk import for no gain a user would notice.
 * - foreign_keys=ON: removing a note's rows never leaves orphans behind.
 * - busy_timeout: the CLI and a running app may share a data directory.
 * - lattice_search_text(): the SQL function the search index is fed through.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 64 MB of page cache (the default is 2 MB): bulk imports rewrite index
    // pages of notes, sections and concept mentions over and over.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    // The search index's triggers call lattice_search_text(): every write needs it.
    registerSearchFunctions(db);
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    db,
    path,
    repositories: repositoriesOf(db),
    transaction: (work) => runInTransaction(db, work),
    close: () => {
      if (db.open) db.close();
    },
  };
}
