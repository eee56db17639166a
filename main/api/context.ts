import type { Store } from '../../db/open-store.js';
import type { LibraryRepository } from '../../db/repositories/libraries.js';
import type { NoteRepository } from '../../db/repositories/notes.js';
import type { SettingsRepository } from '../../db/repositories/settings.js';
import type { StoreRepositories } from '../../db/store-repositories.js';
import type { ApiEventName, ApiEvents } from './contract.js';
import { JobQueue } from './jobs.js';
import { FolderWatching } from '../watch/folder-watching.js';
import type { FolderWatchingOptions } from '../watch/folder-watching.js';

export type EmitEvent = <E extends ApiEventName>(event: E, payload: ApiEvents[E]) => void;

/** What only some transports can do; the desktop app fills it in, the browser host and CLI leave it empty. */
export interface Platform {
  chooseFolder?: () => Promise<string | null>;
  /** Prints a self-contained HTML document to PDF (the desktop app's hidden window); others use headless Chromium. */
  printToPdf?: (html: string, options: { paper: 'A4' | 'Letter' }) => Promise<Uint8Array>;
  /** The person chose another language in the app (the desktop app rebuilds its menu in it). */
  languageChanged?: (language: 'en' | 'zh') => void;
  /** Opens a note file in the system's default app for it (the desktop app's shell); resolves to an error message, or '' once opened. */
  openPath?: (path: string) => Promise<string>;
  /** Shows a file selected in the system's file manager (the desktop app's shell). */
  showInFolder?: (path: string) => void;
}

/** What every domain's handlers work with: the store, its repositories, and a way to push events. */
export interface AppContext {
  readonly store: Store;
  /** The store's repositories (`store.repositories`): handlers use these and never make their own. */
  readonly repositories: StoreRepositories;
  /** The three every domain reads, named directly. */
  readonly libraries: LibraryRepository;
  readonly notes: NoteRepository;
  readonly settings: SettingsRepository;
  readonly dataDir: string;
  readonly emit: EmitEvent;
  readonly platform: Platform;
  /** Imports and index building, one at a time. */
  readonly jobs: JobQueue;
  /** The watchers that re-import imported folders when their files change (started by the desktop app and the browser host only). */
  readonly folders: FolderWatching;
}

export function createContext(
  store: Store,
  dataDir: string,
  emit: EmitEvent = () => undefined,
  platform: Platform = {},
  watching: FolderWatchingOptions = {},
): AppContext {
  const libraries = store.repositories.libraries;
  const jobs = new JobQueue();
  return {
    store,
    repositories: store.repositories,
    libraries: store.repositories.libraries,
    notes: store.repositories.notes,
    settings: store.repositories.settings,
    dataDir,
    emit,
    platform,
    jobs,
    folders: new FolderWatching({ store, libraries, jobs, emit, dataDir }, watching),
  };
}
