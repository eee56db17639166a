/**
 * The Lattice API: every capability, its one JSON argument and its JSON
 * result. Types only — the renderer imports this file, so it must not pull in
 * Node, Electron or the store. The same table serves IPC, the HTTP host and
 * the CLI; errors cross every boundary as {@link ApiError}.
 *
 * Each domain declares its calls and their types in ./contract/<prefix>.ts,
 * named after the calls' prefix (`notes.get` in contract/notes.ts, `drills.next`
 * in contract/drills.ts); this index assembles them into one {@link Api} and
 * re-exports every type, so importers name only this file.
 *
 * An argument type that a handler validates (a deck, a sheet item, a note
 * reference, …) is inferred from its zod schema, declared beside it in the
 * domain file and used by the handler, so the two cannot drift. The domain
 * files import only zod; this index re-exports types only, so the renderer's
 * `import type` of it loads nothing.
 */

import type { ImportProgress, LibraryApi } from './contract/library.js';
import type { NotesApi } from './contract/notes.js';
import type { AnnotationsApi } from './contract/annotations.js';
import type { StatsApi } from './contract/stats.js';
import type { ConceptsApi } from './contract/concepts.js';
import type { LinksApi } from './contract/links.js';
import type { SearchApi } from './contract/search.js';
import type { SheetsApi } from './contract/sheets.js';
import type { SettingsApi } from './contract/settings.js';
import type { DrillsApi } from './contract/drills.js';
import type { LogApi } from './contract/log.js';
import type { AnkiApi } from './contract/anki.js';

export type ApiErrorType = 'NotFound' | 'Invalid' | 'Internal';

export interface ApiError {
  type: ApiErrorType;
  message: string;
}

export type ApiResponse<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export type * from './contract/library.js';
export type * from './contract/notes.js';
export type * from './contract/annotations.js';
export type * from './contract/stats.js';
export type * from './contract/concepts.js';
export type * from './contract/links.js';
export type * from './contract/search.js';
export type * from './contract/sheets.js';
export type * from './contract/settings.js';
export type * from './contract/drills.js';
export type * from './contract/log.js';
export type * from './contract/anki.js';

/**
 * Every call, assembled from the domains' tables (one file per call prefix
 * in ./contract/). Two domains naming the same call do not compile.
 */
export interface Api
  extends
    LibraryApi,
    NotesApi,
    AnnotationsApi,
    StatsApi,
    ConceptsApi,
    LinksApi,
    SearchApi,
    SheetsApi,
    SettingsApi,
    DrillsApi,
    LogApi,
    AnkiApi {}

export type ApiName = keyof Api;
export type ApiArgs<K extends ApiName> = Api[K]['args'];
export type ApiResult<K extends ApiName> = Api[K]['result'];

/** Events the main process pushes to the renderer. */
export type AppCommand = 'import-folder' | 'export' | 'theme-light' | 'theme-dark' | 'theme-system' | 'about';

export interface ApiEvents {
  'import.progress': ImportProgress;
  /** A desktop menu item the renderer acts on. */
  'app.command': { command: AppCommand };
  /**
   * A watched folder changed state: an import of it started ('syncing') or
   * ended ('synced'), or it went missing or came back ('missing', 'found').
   * `noteIds`: the notes that import wrote (the reader reloads the one it
   * shows); `removed`: how many it marked removed; `isUnreadChanged`: whether
   * the folder's files that could not be read changed (the reader reloads a
   * note of it, which may now be behind its file, or read again).
   */
  'library.synced': {
    libraryId: number;
    state: 'syncing' | 'synced' | 'missing' | 'found';
    noteIds: number[];
    removed: number;
    isUnreadChanged?: boolean;
  };
}

export type ApiEventName = keyof ApiEvents;
